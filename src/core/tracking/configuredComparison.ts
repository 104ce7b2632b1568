// The comparison of runs as the workspace's mlops.json shapes it: the Compare panel and
// `mlops runs compare` both call compareAsConfigured, so the editor and the terminal cannot disagree.
import type { MlopsConfig } from '../config/types';
import type { CompareData, Direction } from '../../shared/compareData';
import { compareTable } from './compareRuns';
import type { RunDetails } from './runDetails';

/** Metric directions declared in mlops.json `models`: they override the name-based default. */
export function configDirections(config: MlopsConfig): Record<string, Direction> {
  return Object.fromEntries(Object.values(config.models).flatMap((m) => (m.direction ? [[m.metric, m.direction]] : [])));
}

/** The first run's config `primaryMetric`, else the first model's metric some run logged: what the user said matters. */
export function configPrimaryMetric(config: MlopsConfig, runs: readonly Pick<RunDetails, 'experiment' | 'metrics'>[]): string | undefined {
  for (const r of runs) {
    const p = config.runs[r.experiment]?.primaryMetric;
    if (p) return p;
  }
  return Object.values(config.models).find((m) => runs.some((r) => r.metrics[m.metric]))?.metric;
}

/** The compare table of `runs`; `primaryMetric` (the user's pick) wins over the config's. */
export function compareAsConfigured(runs: RunDetails[], config: MlopsConfig, primaryMetric?: string): CompareData {
  return compareTable(runs, primaryMetric ?? configPrimaryMetric(config, runs), configDirections(config));
}
