// Counts to shares (each count over the side's total), the form every binned test compares.
import type { TestResult } from './types';

/** Each count divided by the total; NaN everywhere when the total is 0 (an empty side has no shares). */
export function shares(counts: Float64Array): Float64Array {
  let total = 0;
  for (const count of counts) total += count;
  return counts.map((count) => count / total);
}

/** Throws unless both sides count the same bins with finite, non-negative counts. */
export function checkCounts(test: string, reference: Float64Array, current: Float64Array): void {
  if (reference.length !== current.length) {
    throw new Error(`${test}: reference and current must count the same bins (got ${reference.length} and ${current.length}); align them first`);
  }
  for (const [side, counts] of [['reference', reference], ['current', current]] as const) {
    for (let i = 0; i < counts.length; i++) {
      if (!(counts[i] >= 0) || !Number.isFinite(counts[i])) {
        throw new Error(`${test}: ${side} count ${i} is ${counts[i]}; counts must be finite and non-negative`);
      }
    }
  }
}

/** True when a side counts nothing. */
function isEmpty(counts: Float64Array): boolean {
  for (const count of counts) if (count > 0) return false;
  return true;
}

/**
 * Both sides' shares, after checking their counts; null when a side counts nothing, for which the
 * binned tests return NaN (there is no distribution to compare).
 */
export function sharesOfBoth(test: string, reference: Float64Array, current: Float64Array): [Float64Array, Float64Array] | null {
  checkCounts(test, reference, current);
  if (isEmpty(reference) || isEmpty(current)) return null;
  return [shares(reference), shares(current)];
}

/** What a distance over counts returns when a side counts nothing (a fresh object: callers may amend it). */
export function noDistance(): TestResult {
  return { statistic: NaN, pValue: null };
}
