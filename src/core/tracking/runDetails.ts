import type { Store } from '../store/store';
import { metricSummaries, type MetricSummary } from './metricRecords';
import { getArtifacts, getInputs, getRun, getTags, type RunArtifact, type RunInput, type RunRecord } from './runRecords';

/** Everything known about one run: what `mlops runs show` prints and the compare views diff. */
export interface RunDetails extends RunRecord {
  metrics: Record<string, MetricSummary>;
  inputs: RunInput[];
  artifacts: RunArtifact[];
  tags: Record<string, string>;
  durationMs?: number;
}

export function runDetails(store: Store, id: string, now = Date.now()): RunDetails | undefined {
  const run = getRun(store, id);
  if (!run) return undefined;
  const end = run.endedAt ?? (run.status === 'running' ? now : undefined);
  return {
    ...run,
    metrics: metricSummaries(store, id),
    inputs: getInputs(store, id),
    artifacts: getArtifacts(store, id),
    tags: getTags(store, id),
    durationMs: run.startedAt !== undefined && end !== undefined ? end - run.startedAt : undefined,
  };
}

const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
// JSON has no NaN or Infinity: they travel as the same strings the logging protocol uses.
const jsonNumber = (v: number) => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');

/** The stable JSON shape of a run for `--json` output and CI scripts. */
export function runJson(run: RunRecord | RunDetails) {
  const base = {
    id: run.id,
    name: run.name,
    experiment: run.experiment,
    status: run.status,
    exitCode: run.exitCode ?? null,
    command: run.command,
    cwd: run.cwd,
    params: run.params,
    git: { commit: run.git.commit ?? null, branch: run.git.branch ?? null, dirty: run.git.dirty ?? null, diff: run.git.diff ?? null },
    environment: run.environment,
    note: run.note,
    sweepId: run.sweepId ?? null,
    createdAt: iso(run.createdAt),
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
    // What the run used and cost (core/cost); null for runs from before measuring, or without prices.
    cpuSeconds: run.cpuSeconds ?? null,
    gpuSeconds: run.gpuSeconds ?? null,
    gpuUtil: run.gpuUtil ?? null,
    cost: run.cost ?? null,
    currency: run.currency ?? null,
  };
  if (!('metrics' in run)) return base;
  return {
    ...base,
    durationMs: run.durationMs ?? null,
    metrics: Object.fromEntries(
      Object.entries(run.metrics).map(([k, m]) => [k, { last: jsonNumber(m.last), min: jsonNumber(m.min), max: jsonNumber(m.max), step: m.step, count: m.count }]),
    ),
    inputs: run.inputs,
    artifacts: run.artifacts,
    tags: run.tags,
  };
}
