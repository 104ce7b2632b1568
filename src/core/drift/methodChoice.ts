// Which test compares a column when the user names none (DESIGN.md, after Evidently's defaults), by
// the reference's size n (its non-missing values) and the distinct values u of reference and
// current together:
//   n <= 1000: numeric with u > 5 -> ks; numeric with 3..5, or categorical with u > 2 -> chisquare;
//              u <= 2 -> ztest.
//   n > 1000:  numeric with u > 5 -> wasserstein (normed); otherwise jensenshannon.
import type { ColumnType } from './reportTypes';
import type { DriftTestName } from './types';

/** Past this many distinct values the choice no longer changes: counting stops there. */
export const DISTINCT_CAP = 6;

export function chooseMethod(type: ColumnType, referenceSize: number, distinct: number): DriftTestName {
  if (referenceSize <= 1000) {
    if (type === 'numeric' && distinct > 5) return 'ks';
    return distinct <= 2 ? 'ztest' : 'chisquare';
  }
  return type === 'numeric' && distinct > 5 ? 'wasserstein' : 'jensenshannon';
}

/** Distinct values of two sorted samples together, counted up to `cap` (then `cap`). */
export function distinctSorted(a: Float64Array, b: Float64Array, cap = DISTINCT_CAP): number {
  let i = 0;
  let j = 0;
  let last = NaN;
  let count = 0;
  while ((i < a.length || j < b.length) && count < cap) {
    const x = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (x !== last) {
      count++;
      last = x;
    }
  }
  return count;
}

/** Distinct categories of two count maps together (the union of their keys). */
export function distinctCategories(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let count = a.size;
  for (const k of b.keys()) if (!a.has(k)) count++;
  return count;
}
