// A monitor's recorded checks as the Drift Report panel's history part: each column's score per
// batch, and the model's performance per batch (realised, estimated with its band). Pure: no vscode.
import type { CheckRecord } from '../../core/monitors/checkRecords';
import { toWire } from '../../shared/metricsData';
import type { DriftHistory, PerformanceHistory, ScoreHistory } from '../../shared/driftData';

const finiteOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Realised figures worth charting, by task: a classifier's accuracy and F1, a regressor's errors. */
const REALISED_KEYS = ['accuracy', 'f1', 'rocAuc', 'mae', 'rmse', 'r2'] as const;

/** `checks` in any order; the history reads oldest first. Failed checks (no comparison) add no point. */
export function checkHistory(checks: readonly CheckRecord[]): DriftHistory {
  const ordered = [...checks].sort((a, b) => a.checkedAt - b.checkedAt || a.id - b.id);
  const scores = new Map<string, ScoreHistory>();
  const performance = new Map<string, PerformanceHistory>();
  const point = (metric: string) => {
    let p = performance.get(metric);
    if (!p) performance.set(metric, (p = { metric, points: [] }));
    return p;
  };
  for (const c of ordered) {
    for (const col of c.report.drift?.columns ?? []) {
      if (col.problem) continue;
      let s = scores.get(col.name);
      if (!s) scores.set(col.name, (s = { column: col.name, method: col.method, threshold: col.threshold, points: [] }));
      // The newest check's test and threshold label the line (mlops.json may have changed them).
      s.method = col.method;
      s.threshold = col.threshold;
      s.points.push({ batch: c.batchLabel, checkedAt: c.checkedAt, statistic: col.statistic === null ? null : toWire(col.statistic), drift: col.drift });
    }
    const perf = c.report.performance;
    if (!perf) continue;
    const realised = (perf.realised ?? {}) as Record<string, unknown>;
    const estimated = new Map((perf.estimated?.figures ?? []).map((f) => [f.metric as string, f]));
    const metrics = new Set<string>([...REALISED_KEYS.filter((k) => finiteOrNull(realised[k]) !== null), ...estimated.keys()]);
    for (const metric of metrics) {
      const e = estimated.get(metric);
      point(metric).points.push({
        batch: c.batchLabel,
        checkedAt: c.checkedAt,
        realised: finiteOrNull(realised[metric]),
        estimated: finiteOrNull(e?.estimated),
        lower: finiteOrNull(e?.lower),
        upper: finiteOrNull(e?.upper),
      });
    }
  }
  return { scores: [...scores.values()], performance: [...performance.values()] };
}
