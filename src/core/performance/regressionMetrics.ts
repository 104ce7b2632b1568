// Realised performance of a regressor on a batch with labels, equal to scikit-learn's
// mean_absolute_error, root_mean_squared_error, r2_score and mean_absolute_percentage_error on the
// rows that have both a target and a prediction.
import { type MetricValue, undefinedMetric } from './metricValue';

/** A numeric column, one entry per row: null (or NaN in a Float64Array) where the row has no value. */
export type ValueColumn = Float64Array | readonly (number | null)[];

export interface RegressionMetrics {
  rows: number;
  /** Rows left out for a null target or prediction. */
  excludedRows: number;
  mae: number;
  rmse: number;
  /**
   * 1 - SS_res / SS_tot. A constant target (SS_tot = 0) gives 1 when predicted exactly and 0
   * otherwise, as scikit-learn's force_finite does; fewer than two rows give NaN, as it does.
   */
  r2: MetricValue;
  /** mean(|y - p| / max(|y|, eps)) with eps the float64 machine epsilon, scikit-learn's guard for zero targets. */
  mape: number;
}

function isMissing(v: number | null | undefined): v is null | undefined {
  return v === null || v === undefined || Number.isNaN(v);
}

export function regressionMetrics(target: ValueColumn, prediction: ValueColumn): RegressionMetrics {
  if (target.length !== prediction.length) {
    throw new Error(`target has ${target.length} rows but prediction has ${prediction.length}: give both columns of the same batch`);
  }
  const y: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < target.length; i++) {
    const t = target[i];
    const q = prediction[i];
    if (isMissing(t) || isMissing(q)) continue;
    if (!Number.isFinite(t)) throw new Error(`target row ${i + 1} is ${t}: regression targets must be finite numbers`);
    if (!Number.isFinite(q)) throw new Error(`prediction row ${i + 1} is ${q}: predictions must be finite numbers`);
    y.push(t);
    p.push(q);
  }
  const n = y.length;
  if (n === 0) throw new Error('no row has both a target and a prediction: performance needs labelled rows');
  let absolute = 0;
  let squared = 0;
  let percentage = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - p[i];
    absolute += Math.abs(e);
    squared += e * e;
    percentage += Math.abs(e) / Math.max(Math.abs(y[i]), Number.EPSILON);
    sumY += y[i];
  }
  const meanY = sumY / n;
  let total = 0;
  for (let i = 0; i < n; i++) total += (y[i] - meanY) ** 2;
  let r2: MetricValue;
  if (n < 2) r2 = undefinedMetric('R2 is undefined on fewer than two rows');
  else if (total === 0) r2 = { value: squared === 0 ? 1 : 0 };
  else r2 = { value: 1 - squared / total };
  return {
    rows: n,
    excludedRows: target.length - n,
    mae: absolute / n,
    rmse: Math.sqrt(squared / n),
    r2,
    mape: percentage / n,
  };
}
