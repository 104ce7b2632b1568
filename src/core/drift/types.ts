// The contract every drift module shares: test names, what a test returns, and the column data a
// check compares. Tests are pure functions over typed arrays (numeric samples, sorted ascending and
// finite) or aligned counts (one entry per bin or category, the same order on both sides).

export const NUMERIC_TESTS = ['ks', 'wasserstein', 'anderson', 'cvm', 'mannwhitney', 'ttest', 'energy'] as const;
export const BINNED_TESTS = ['psi', 'kl', 'jensenshannon', 'hellinger', 'tvd'] as const;
export const CATEGORICAL_TESTS = ['chisquare', 'gtest', 'fisher', 'ztest'] as const;
export const DRIFT_TESTS = [...NUMERIC_TESTS, ...BINNED_TESTS, ...CATEGORICAL_TESTS] as const;

export type NumericTestName = (typeof NUMERIC_TESTS)[number];
export type BinnedTestName = (typeof BINNED_TESTS)[number];
export type CategoricalTestName = (typeof CATEGORICAL_TESTS)[number];
export type DriftTestName = (typeof DRIFT_TESTS)[number];

/** What one test says about one column. `pValue` is null for distances (they have none). */
export interface TestResult {
  statistic: number;
  pValue: number | null;
}

/**
 * A numeric sample as the numeric tests take it: finite values only (nulls, NaN and infinities are
 * removed and counted before), sorted ascending. Sorting once serves KS, Anderson-Darling,
 * Cramér-von Mises, Mann-Whitney, Wasserstein and energy alike, and is what the reference keeps.
 */
export type SortedSample = Float64Array;

/** A numeric test: the reference and the current sample, both sorted ascending and finite. */
export type NumericTest = (reference: SortedSample, current: SortedSample) => TestResult;

/** A test over counts on shared bins or categories: `reference[i]` and `current[i]` count the same bin. */
export type CountsTest = (reference: Float64Array, current: Float64Array) => TestResult;

/** Whether a test's statistic is a p-value test (drift when p < threshold) or a distance (drift when >= threshold). */
export type TestKind = 'pvalue' | 'distance';
