// The Compare panel's data, produced by core (tracking/compareRuns) and rendered by the webview.
// Everything here is plain JSON: postMessage and the protocol guards see exactly these shapes.

export type Direction = 'maximize' | 'minimize';

/**
 * What the launcher's sampler logs about the machine (`system/cpu_percent`, `system/rss_mb`): listed
 * after the model's metrics and never ranked, since a lower memory use is not a better model.
 */
export const isSystemMetric = (key: string): boolean => key.startsWith('system/');

/** JSON has no NaN or Infinity: they travel as the strings the logging protocol uses. */
export type MetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** A param as shown: scalars as they are, objects and arrays as their JSON text. */
export type ParamValue = string | number | boolean | null;

export interface CompareMetric {
  last: MetricValue;
  min: MetricValue;
  max: MetricValue;
  count: number;
}

export interface CompareRow {
  id: string;
  name: string;
  experiment: string;
  status: string;
  /** ms since epoch. */
  startedAt?: number;
  durationMs?: number;
  /** Only the keys the run has; a missing key means the run never set it. */
  params: Record<string, ParamValue>;
  metrics: Record<string, CompareMetric>;
  /** Measured over the run's process tree (core/cost); absent for runs from before measuring. */
  cpuSeconds?: number;
  gpuSeconds?: number;
  /** What the run cost at the prices of mlops.json; absent when no price applied. */
  cost?: { amount: number; currency: string };
}

export interface BestOfMetric {
  direction: Direction;
  /** Best `last` value over the runs (finite values only). */
  value: number;
  /** Every run holding that value (ties are all best). */
  runIds: string[];
}

/** One axis of the parallel-coordinates chart: a param or the primary metric. */
export interface ParallelAxis {
  key: string;
  kind: 'numeric' | 'categorical';
  /** Labels at normalized positions (0 bottom, 1 top): min and max, or every category. */
  ticks: Array<{ position: number; label: string }>;
}

/** The long ("folded") form: one point per run and axis, positions normalized to 0..1. */
export interface ParallelPoint {
  runId: string;
  runName: string;
  axis: string;
  /** 0..1 on that axis; null when the run has no value for it (the line skips the axis). */
  position: number | null;
  label: string;
  /** The run's primary metric (last value) for coloring; null when it has none. */
  primary: number | null;
}

export interface CompareData {
  rows: CompareRow[];
  paramKeys: string[];
  /** The primary metric first, then the model's metrics, then system metrics, each group sorted. */
  metricKeys: string[];
  /** Param keys whose values are not the same in every run (a missing key counts as a value). */
  differingParams: string[];
  /** Per metric with a finite value; system metrics have none. */
  best: Record<string, BestOfMetric>;
  primaryMetric?: string;
  /**
   * The runs of the lowest cost (ties are all cheapest); absent unless every run has a cost in one
   * currency, so a run never looks cheapest beside runs whose cost is unknown.
   */
  cheapest?: string[];
  parallel: { axes: ParallelAxis[]; points: ParallelPoint[] };
}

/** The cheapest rows' ids, when every row has a cost in the same currency (see CompareData.cheapest). */
export function cheapestRuns(rows: readonly CompareRow[]): string[] | undefined {
  const costs = rows.map((r) => r.cost);
  if (!costs.length || costs.some((c) => c === undefined || c.currency !== costs[0]!.currency)) return undefined;
  const lowest = Math.min(...costs.map((c) => c!.amount));
  return rows.filter((r) => r.cost!.amount === lowest).map((r) => r.id);
}
