// The shape of a table profile: what `mlops profile --json` prints, the store keeps per version and
// the Profile panel draws. Here, in the bottom layer, so that core and the webviews share one shape.

/** A column's inferred type; 'null' means the column holds no value at all (every cell empty). */
export type ColumnType = 'null' | 'integer' | 'float' | 'boolean' | 'datetime' | 'string';

export const QUANTILES = { p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 } as const;
export type QuantileName = keyof typeof QUANTILES;

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** Non-null cells. */
  count: number;
  nulls: number;
  nullShare: number;
  distinct: number;
  /** Absent when exact; else the relative standard error of the HyperLogLog estimate. */
  distinctError?: number;
  /** Numbers for numeric columns, ISO text for datetimes, null otherwise. */
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  /** Population (ddof=0), as numpy.std. */
  std: number | null;
  /** Sample (ddof=1), as pandas' describe. */
  stdSample: number | null;
  quantiles: Record<QuantileName, number> | null;
  /** Absent when exact; else the quantiles' rank error (99% confidence) from a uniform sample. */
  quantileRankError?: number;
  histogram: { edges: number[]; counts: number[]; approximate?: boolean } | null;
  /** Why a numeric column has no histogram (infinite values, a range wider than a double holds). */
  histogramNote?: string;
  top: { value: string | number | boolean; count: number }[];
  /** Every distinct value, most frequent first, when a non-numeric column has at most 100. */
  domain?: (string | number | boolean)[];
  /** Set when the column had more distinct values than were counted: counts of later values are missing. */
  topApproximate?: boolean;
  lengths: { min: number; mean: number; max: number } | null;
  zerosShare: number | null;
  negativesShare: number | null;
}

export interface TableProfile {
  rows: number;
  columns: ColumnProfile[];
  /** Rows left out of the statistics because their field count differs from the header's. */
  raggedRows: number;
  format: string;
  /** What the user should know about how the table was read: lines skipped before the data, many ragged rows. */
  notes?: string[];
}
