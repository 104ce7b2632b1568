// Multivariate drift by PCA reconstruction error: the columns it reads, the fitted model as plain
// JSON (kept in the store once per reference version, so a batch is scored without rereading the
// reference), and what scoring a batch says.

/** A numeric column in row order; NaN (and, as for the univariate tests, +-Infinity) is missing. */
export interface NumericColumnInput {
  name: string;
  kind: 'numeric';
  values: Float64Array;
}

/** A categorical column in row order; null is missing. */
export interface CategoricalColumnInput {
  name: string;
  kind: 'categorical';
  values: readonly (string | null)[];
}

/** Every column of one table has the same row count. */
export type ReconstructionColumn = NumericColumnInput | CategoricalColumnInput;

/** How a numeric column becomes a feature: missing values take `mean`, then (x - mean) / scale. */
export interface NumericFeature {
  name: string;
  kind: 'numeric';
  /** The reference mean of the present values (the imputed column has the same mean). */
  mean: number;
  /** Population std of the imputed reference column; 1 where that is 0, so the column is only centred. */
  scale: number;
}

/**
 * How a categorical column becomes a feature: missing values take `mode`, each category is encoded
 * as its share of the imputed reference (unseen categories as 0), then (share - mean) / scale.
 */
export interface CategoricalFeature {
  name: string;
  kind: 'categorical';
  /** The most frequent reference category; ties go to the smallest by code point. */
  mode: string;
  /** Reference categories and their shares, side by side (an array: a category may be "__proto__"). */
  categories: string[];
  shares: number[];
  mean: number;
  scale: number;
}

export type ReconstructionFeature = NumericFeature | CategoricalFeature;

export interface ReconstructionThresholds {
  /** Mean and population std (ddof 0) of the reference chunks' errors. */
  mean: number;
  std: number;
  sigmas: number;
  /** mean - sigmas * std, never below 0 (an error is a norm; drift is the same either way). */
  lower: number;
  upper: number;
}

export interface ReconstructionModel {
  format: 'pca-reconstruction';
  version: 1;
  /** Reference rows the model was fitted on. */
  rows: number;
  /** The columns that make the features, in order. */
  features: ReconstructionFeature[];
  /** Reference columns without a single value: left out, as scikit-learn's imputers drop them. */
  skipped: { name: string; reason: string }[];
  /** The share of variance the kept components must exceed. */
  varianceTarget: number;
  /** The standardised reference rows' mean (0 up to rounding), subtracted before projecting. */
  center: number[];
  /** Each component's share of the total variance, largest first (all of them, kept or not); null when the reference has no variance at all (scikit-learn divides 0 by 0 and gives NaN). */
  explainedVarianceRatio: number[] | null;
  /** The kept components: unit vectors over the features, one array per component. */
  components: number[][];
  /** The reference's chunks: the rows in each and each chunk's mean reconstruction error. */
  chunks: { rows: number[]; errors: number[] };
  thresholds: ReconstructionThresholds;
}

export interface ReconstructionOptions {
  /** Chunks the reference is cut into for the thresholds (default 10); or give `chunkSize`. */
  chunkCount?: number;
  /** Rows per reference chunk; a shorter remainder joins the last chunk. */
  chunkSize?: number;
  /** Keep the fewest components whose explained variance exceeds this share (default 0.65). */
  varianceTarget?: number;
  /** Thresholds at mean +- this many standard deviations of the chunk errors (default 3). */
  sigmas?: number;
}

export interface ReconstructionScore {
  /** Mean over the batch's rows of the norm of row - reconstruction; NaN for a batch with no rows. */
  error: number;
  lower: number;
  upper: number;
  /** Outside [lower, upper]; false for a batch with no rows (nothing to judge). */
  drift: boolean;
  rows: number;
}

/** Input a model cannot be fitted on or applied to; the message names the column or option and the fix. */
export class ReconstructionInputError extends Error {}
