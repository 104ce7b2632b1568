// The L1 and L2 distances between two empirical CDFs, integrated exactly over the pooled sample's
// gaps: scipy's _cdf_distance, the common core of wasserstein_distance and energy_distance, in one
// merge pass over sorted samples instead of searchsorted over a sorted concatenation.

/** Sum over the gaps between consecutive pooled values of |F_r - F_c|^p * gap, for p 1 or 2. */
export function cdfGapSum(reference: Float64Array, current: Float64Array, p: 1 | 2): number {
  const n1 = reference.length;
  const n2 = current.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && reference[i] <= current[j]) ? reference[i] : current[j];
    while (i < n1 && reference[i] === value) i++;
    while (j < n2 && current[j] === value) j++;
    if (i === n1 && j === n2) break;
    const next = j >= n2 || (i < n1 && reference[i] <= current[j]) ? reference[i] : current[j];
    const diff = Math.abs(i / n1 - j / n2);
    sum += (p === 1 ? diff : diff * diff) * (next - value);
  }
  return sum;
}
