/**
 * A figure that can be undefined on some data (one class in the target, one row): NaN then, as
 * scikit-learn returns nan, with the reason in words for the report.
 */
export interface MetricValue {
  value: number;
  reason?: string;
}

export function undefinedMetric(reason: string): MetricValue {
  return { value: Number.NaN, reason };
}
