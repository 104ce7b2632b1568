// The two sides a gate compares: the candidate (a run, or a registered version) and the version the
// compared alias holds, each with the metrics the gate reads.
import type { Store } from '../store/store';
import { metricSummaries } from '../tracking/metricRecords';
import { getRun } from '../tracking/runRecords';
import { resolveRunRef, RunRefError } from '../tracking/runRef';
import { aliasPattern, formatModelRef, parseModelRef } from './modelRef';
import { resolveModelRef } from './modelVersions';
import { pipelineCandidate, PIPELINE_CANDIDATE_PREFIX } from './pipelineCandidate';
import { RegistryError, type ModelVersion } from './types';

export interface GateSide {
  /** churn@4, or a run id when the candidate is a run. */
  ref: string;
  /** For messages: "run 01j...", "churn@3 (champion, run 01j...)". */
  label: string;
  runId: string | null;
  version: ModelVersion | null;
  /** A run's last value of each metric, or a version's copied metrics; NaN kept as NaN. */
  metrics: Record<string, number>;
}

/**
 * What `candidate` names for `model`: a version number (4), a model reference (churn@4,
 * churn@latest), the version a pipeline's latest finished run registered (pipeline:train), or else a
 * run (an id, a unique id prefix, or a run name).
 */
export function candidateSide(store: Store, model: string, candidate: string): GateSide {
  const text = candidate.trim();
  if (!text) throw new RegistryError('The candidate is empty: give a run id, a version number or a model reference (e.g. churn@4).');
  if (/^\d+$/.test(text) || text.includes('@')) {
    const ref = /^\d+$/.test(text) ? { model, ref: Number(text) } : parseModelRef(text);
    if (ref.model !== model) throw new RegistryError(`The candidate ${text} is a version of ${ref.model}, not of ${model}: gate ${ref.model} instead, or give a version of ${model}.`);
    return versionSide(resolveModelRef(store, ref));
  }
  if (text.startsWith(PIPELINE_CANDIDATE_PREFIX)) {
    const pipeline = text.slice(PIPELINE_CANDIDATE_PREFIX.length).trim();
    if (!pipeline) throw new RegistryError(`"${text}" names no pipeline: write pipeline:NAME, e.g. pipeline:train.`);
    return versionSide(pipelineCandidate(store, model, pipeline));
  }
  let runId: string;
  try {
    runId = resolveRunRef(store, text);
  } catch (err) {
    if (err instanceof RunRefError) throw new RegistryError(`${err.message} A candidate may also be a version number or a model reference (${formatModelRef(model, 4)}).`);
    throw err;
  }
  // Its last values are not final yet: a verdict on them would not hold.
  const status = getRun(store, runId)?.status;
  if (status === 'running' || status === 'queued') throw new RegistryError(`Run ${runId} is still ${status}: gate it once it has finished (its metrics are not final yet).`);
  const metrics = Object.fromEntries(Object.entries(metricSummaries(store, runId)).map(([k, s]) => [k, s.last]));
  return { ref: runId, label: `run ${runId}`, runId, version: null, metrics };
}

/** The version `alias` holds (latest: the highest version), or null when it is not set yet. */
export function baselineSide(store: Store, model: string, alias: string): GateSide | null {
  if (!aliasPattern.test(alias)) throw new RegistryError(`"${alias}" is not an alias: compare against an alias of letters, digits, '_' and '-' (e.g. champion).`);
  const set =
    alias === 'latest'
      ? store.db.prepare('SELECT 1 AS x FROM model_versions WHERE model = ? LIMIT 1').get(model)
      : store.db.prepare('SELECT 1 AS x FROM model_aliases WHERE model = ? AND alias = ?').get(model, alias);
  if (!set) return null;
  const side = versionSide(resolveModelRef(store, { model, ref: alias }));
  return { ...side, label: `${side.ref} (${alias}${side.runId ? `, run ${side.runId}` : ''})` };
}

function versionSide(v: ModelVersion): GateSide {
  const ref = formatModelRef(v.model, v.version);
  // The registry stores NaN as null (JSON has no NaN).
  const metrics = Object.fromEntries(Object.entries(v.metrics).map(([k, x]) => [k, x === null ? NaN : x]));
  return { ref, label: v.runId ? `${ref} (run ${v.runId})` : ref, runId: v.runId, version: v, metrics };
}

/** A RegistryError naming the metric and the side when a gate metric was never recorded there. */
export function requireMetrics(side: GateSide, metrics: string[], role: 'candidate' | 'baseline'): void {
  const missing = metrics.filter((m) => !(m in side.metrics));
  if (!missing.length) return;
  const has = Object.keys(side.metrics).sort();
  const what = missing.map((m) => `"${m}"`).join(', ');
  const fix =
    role === 'candidate'
      ? side.version
        ? `it was registered without ${missing.length > 1 ? 'them' : 'it'}; log ${missing.length > 1 ? 'them' : 'it'} in a run and register that run`
        : `log ${missing.length > 1 ? 'them' : 'it'} in the run (or fix the name in the gate)`
      : `it was registered without ${missing.length > 1 ? 'them' : 'it'}; compare against another alias, or move this one to a version that has ${missing.length > 1 ? 'them' : 'it'}`;
  throw new RegistryError(
    `The ${role}, ${side.label}, has no metric ${what} that the gate checks (its metrics: ${has.length ? has.join(', ') : 'none'}): ${fix}.`,
  );
}
