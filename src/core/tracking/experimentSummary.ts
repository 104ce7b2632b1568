import type { Store } from '../store/store';
import { metricDirection } from './compareRuns';

/** The latest value (highest step) of one metric for each of the given runs. */
export function latestMetricByRun(store: Store, key: string, runIds: string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (!runIds.length) return out;
  const rows = store.db
    .prepare(
      `SELECT m.run_id AS run_id, m.value AS value FROM metrics m
        WHERE m.key = ? AND m.run_id IN (${runIds.map(() => '?').join(',')})
          AND m.rowid = (SELECT l.rowid FROM metrics l WHERE l.run_id = m.run_id AND l.key = m.key ORDER BY l.step DESC, l.rowid DESC LIMIT 1)`,
    )
    .all<{ run_id: string; value: number | null }>(key, ...runIds);
  for (const r of rows) out.set(r.run_id, r.value === null ? NaN : r.value);
  return out;
}

export interface ExperimentSummary {
  runs: number;
  best?: { runId: string; value: number };
}

/** How many runs an experiment has and which finished run reached the best last value of `metric`. */
export function experimentSummary(store: Store, experiment: string, metric?: string): ExperimentSummary {
  const ids = store.db.prepare('SELECT id, status FROM runs WHERE experiment = ?').all<{ id: string; status: string }>(experiment);
  if (!metric) return { runs: ids.length };
  const finished = ids.filter((r) => r.status === 'finished').map((r) => r.id);
  const values = [...latestMetricByRun(store, metric, finished)].filter(([, v]) => Number.isFinite(v));
  if (!values.length) return { runs: ids.length };
  const sign = metricDirection(metric) === 'minimize' ? -1 : 1;
  const [runId, value] = values.reduce((a, b) => (b[1] * sign > a[1] * sign ? b : a));
  return { runs: ids.length, best: { runId, value } };
}
