// What a drift comparison of one batch with its reference produces: the JSON `mlops drift --json`
// prints, the rows a monitor check stores, and what the HTML report and the Drift Report panel draw.
import type { MultivariateDriftShape } from '../../shared/driftData';
import type { DriftTestName } from './types';

export type ColumnType = 'numeric' | 'categorical';

/** Counts of a column on shared bins (numeric) or categories, for the overlaid histograms. */
export interface ColumnHistogram {
  /** Numeric: bin edges (length = counts + 1). Absent for categorical columns. */
  edges?: number[];
  /** Categorical: the category of each count, over the union of both sides (the rarest may be folded into "(other)"). */
  categories?: string[];
  reference: number[];
  current: number[];
}

export interface ColumnDrift {
  name: string;
  type: ColumnType;
  method: DriftTestName;
  /** The test's statistic; null when the column could not be compared (see `problem`). */
  statistic: number | null;
  /** Null for distances, which have no p-value. When a correction applies, the corrected p-value. */
  pValue: number | null;
  /** Drift when pValue < threshold (p-value tests) or statistic >= threshold (distances). */
  threshold: number;
  /** Where the threshold came from: the default for the method, the config, or learned from the reference's chunks. */
  thresholdSource: 'default' | 'config' | 'reference';
  drift: boolean;
  /** Nulls, NaN and infinities left out of the test, per side. */
  missing: { reference: number; current: number };
  /** Why this column failed its check: missing from the batch, its type changed, no values left. */
  problem?: string;
  histogram?: ColumnHistogram;
}

/**
 * Multivariate drift: the batch's mean PCA reconstruction error under a model fitted once on the
 * reference (its columns standardised, categories encoded by their reference shares), and the band
 * the reference's own chunks give (mean +- 3 std of their errors). It sees a change in how columns
 * relate (a broken correlation) that leaves every column's own distribution, and so every per-column
 * test, unchanged. It does not count towards `datasetDrift`, which stays the share of drifted columns.
 */
export type MultivariateDrift = MultivariateDriftShape;

export interface DriftReport {
  /** True when the share of drifted columns reaches `driftShare`. */
  datasetDrift: boolean;
  /** Drifted columns / compared columns. */
  share: number;
  driftShare: number;
  /** Multiple-testing correction applied across the p-value tests. */
  correction: 'none' | 'bonferroni' | 'bh';
  columns: ColumnDrift[];
  reference: { label: string; rows: number };
  current: { label: string; rows: number };
  /** Problems that fail the check as a whole (a column missing from the batch, a changed type). */
  problems: string[];
  /** Absent when turned off (`multivariate: false`). Reported beside the columns; see MultivariateDrift. */
  multivariate?: MultivariateDrift;
}
