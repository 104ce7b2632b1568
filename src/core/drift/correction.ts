// Multiple-testing corrections across a check's columns: p-values adjusted so the drift threshold
// keeps its meaning when many columns are tested at once.

/** Indices of the p-values that take part (distances' nulls and NaN pass through untouched). */
function tested(pValues: readonly (number | null)[]): number[] {
  const indices: number[] = [];
  pValues.forEach((p, i) => {
    if (p === null || Number.isNaN(p)) return;
    if (p < 0 || p > 1) throw new Error(`p-value ${i} is ${p}; p-values lie in [0, 1]`);
    indices.push(i);
  });
  return indices;
}

/** Bonferroni: min(1, p * m), m the number of p-values (nulls and NaN are neither counted nor changed). */
export function bonferroni(pValues: readonly (number | null)[]): (number | null)[] {
  const indices = tested(pValues);
  const m = indices.length;
  const adjusted = [...pValues];
  for (const i of indices) adjusted[i] = Math.min(1, (pValues[i] as number) * m);
  return adjusted;
}

/**
 * Benjamini-Hochberg, as `scipy.stats.false_discovery_control(ps, method="bh")`: sorted ascending,
 * the i-th smallest times m / i, then each the minimum of itself and every larger one, capped at 1.
 * Nulls and NaN are neither counted nor changed.
 */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const indices = tested(pValues);
  const m = indices.length;
  // a stable sort, as numpy's argsort is for ties only up to their order, which does not change the result
  const order = [...indices].sort((i, j) => (pValues[i] as number) - (pValues[j] as number));
  const scaled = order.map((index, rank) => (pValues[index] as number) * (m / (rank + 1)));
  for (let k = scaled.length - 2; k >= 0; k--) scaled[k] = Math.min(scaled[k], scaled[k + 1]);
  const adjusted = [...pValues];
  order.forEach((index, rank) => {
    adjusted[index] = Math.min(1, Math.max(0, scaled[rank]));
  });
  return adjusted;
}
