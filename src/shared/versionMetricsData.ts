// Compare Versions' extra chart data: each gate or ranking metric across a model's versions (x the
// version, y the metric copied into the version when it was registered), with the aliases marked.

export interface VersionMetricPoint {
  model: string;
  version: number;
  metric: string;
  /** The copied value; null when the version lacks the metric or it was NaN. */
  value: number | null;
  /** Aliases pointing at the version now ('latest' included). */
  aliases: string[];
}

export interface VersionMetricsData {
  /** The metrics charted, one small chart each: the ranking metric first, then the gate's. */
  metrics: string[];
  /** metric -> the direction that is better, when mlops.json says. */
  directions: Record<string, 'maximize' | 'minimize'>;
  points: VersionMetricPoint[];
}
