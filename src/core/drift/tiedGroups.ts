// One linear pass over two sorted samples, group by group of equal values: what the rank-based
// tests (Mann-Whitney, Cramér-von Mises, Anderson-Darling, KS) need without building a pooled array.

/**
 * Calls `visit` once per distinct value of the pooled sample, in ascending order, with how many
 * reference and current values equal it and how many of each lie strictly below it.
 */
export function forEachTiedGroup(
  reference: Float64Array,
  current: Float64Array,
  visit: (inReference: number, inCurrent: number, referenceBelow: number, currentBelow: number) => void,
): void {
  const n1 = reference.length;
  const n2 = current.length;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && reference[i] <= current[j]) ? reference[i] : current[j];
    const i0 = i;
    const j0 = j;
    while (i < n1 && reference[i] === value) i++;
    while (j < n2 && current[j] === value) j++;
    visit(i - i0, j - j0, i0, j0);
  }
}
