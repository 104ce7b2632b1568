// The gate's evaluation data check: metrics computed on different versions of the evaluation
// datasets are not comparable, and nothing else in a metric says so. Each side's run records the
// dataset version it read (run_inputs.dataset_version_id, shown by getInputs). Versions are compared
// by content hash: the same bytes versioned again (data changed, then restored) are the same data.
import type { MlopsConfig } from '../config/types';
import type { Store } from '../store/store';
import { getInputs } from '../tracking/runRecords';
import type { GateSide } from './gateSides';
import { RegistryError, type GateResult } from './types';

export interface EvaluationDataCheck {
  evaluationData: GateResult['evaluationData'];
  /** True when sides differed and allowDifferent let them through. */
  allowedDifferentData: boolean;
}

/**
 * One entry per dataset (per item, written NAME:ITEM, for a dataset of several files): the version
 * each side read. Without a baseline only the candidate's is required. A difference, or a side that
 * read no version, is a RegistryError naming the dataset and both versions, unless allowDifferent.
 */
export function checkEvaluationData(
  store: Store,
  config: MlopsConfig,
  model: string,
  candidate: GateSide,
  baseline: GateSide | null,
  allowDifferent: boolean,
): EvaluationDataCheck {
  const datasets = config.models[model]?.evaluationData ?? [];
  for (const d of datasets) {
    if (!config.datasets[d]) throw new RegistryError(`models.${model}.evaluationData names "${d}", which is not under "datasets" in mlops.json: declare it, or fix the name.`);
  }
  const entries: GateResult['evaluationData'] = [];
  const differences: string[] = [];
  const cand = readVersions(store, candidate.runId);
  const base = baseline ? readVersions(store, baseline.runId) : undefined;
  for (const dataset of datasets) {
    const items = [...new Set([...(cand.get(dataset)?.keys() ?? []), ...(base?.get(dataset)?.keys() ?? [])])].sort();
    // A dataset neither side read still gets its entry (and its difference).
    if (!items.length) items.push('');
    for (const item of items) {
      const label = items.length > 1 ? `${dataset}:${item}` : dataset;
      const c = (item ? cand.get(dataset)?.get(item) : undefined) ?? null;
      const b = base ? ((item ? base.get(dataset)?.get(item) : undefined) ?? null) : null;
      const same = c !== null && (baseline ? b !== null && b.hash === c.hash : true);
      entries.push({ dataset: label, candidate: c?.version ?? null, baseline: b?.version ?? null, same });
      if (!same) differences.push(describe(label, candidate, c?.version ?? null, baseline, b?.version ?? null));
    }
  }
  if (differences.length && !allowDifferent) {
    throw new RegistryError(
      `The metrics compared come from different evaluation data: ${differences.join('; ')}. ` +
        'Evaluate both on the same version, or allow the difference (--allow-different-data), which the result records.',
    );
  }
  return { evaluationData: entries, allowedDifferentData: differences.length > 0 };
}

interface ReadVersion {
  version: number;
  hash: string;
}

/** dataset -> item -> the version a run read; empty when there is no run. */
function readVersions(store: Store, runId: string | null): Map<string, Map<string, ReadVersion>> {
  const byDataset = new Map<string, Map<string, ReadVersion>>();
  if (!runId) return byDataset;
  for (const input of getInputs(store, runId)) {
    if (!input.dataset) continue;
    let items = byDataset.get(input.dataset.name);
    if (!items) byDataset.set(input.dataset.name, (items = new Map<string, ReadVersion>()));
    items.set(input.path, { version: input.dataset.version, hash: input.hash });
  }
  return byDataset;
}

function describe(label: string, candidate: GateSide, c: number | null, baseline: GateSide | null, b: number | null): string {
  const read = (side: GateSide, v: number | null) =>
    v !== null ? `${side.label} read ${label}@${v}` : side.runId ? `${side.label} read no version of ${label}` : `${side.label} has no run left to say what it read`;
  return baseline ? `${read(candidate, c)}, ${read(baseline, b)}` : read(candidate, c);
}
