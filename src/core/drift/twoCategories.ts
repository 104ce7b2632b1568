// The 2 x 2 view Fisher's exact test and the two-proportion z-test take of aligned counts.
import { checkCounts } from './shares';

export interface TwoByTwo {
  /** Reference counts of the first and second category. */
  referenceA: number;
  referenceB: number;
  /** Current counts of the first and second category. */
  currentA: number;
  currentB: number;
}

/**
 * The counts of exactly two categories (one is allowed: the other then counts zero on both sides).
 * More than two is an error naming the fix: these tests compare one proportion.
 */
export function twoCategories(test: string, reference: Float64Array, current: Float64Array): TwoByTwo {
  checkCounts(test, reference, current);
  if (reference.length < 1 || reference.length > 2) {
    throw new Error(
      `${test}: needs the counts of two categories, got ${reference.length}; use chisquare or gtest for a column with more categories`,
    );
  }
  return {
    referenceA: reference[0],
    referenceB: reference.length === 2 ? reference[1] : 0,
    currentA: current[0],
    currentB: current.length === 2 ? current[1] : 0,
  };
}
