// Statistics computed exactly as numpy computes them, so profile figures equal what users check
// with numpy/pandas: quantile (method "linear"), histogram_bin_edges(bins="sturges"), histogram.

/** numpy.quantile(x, q) with the default linear method, over values sorted ascending. */
export function quantileLinear(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  // numpy's _lerp: from the nearer end, so the result is exact at t = 0 and t = 1.
  const diff = b - a;
  // Where b - a overflows (-1e308 to 1e308) numpy returns +-inf; the weighted sum stays in range.
  if (!Number.isFinite(diff) && Number.isFinite(a) && Number.isFinite(b)) return a * (1 - t) + b * t;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * numpy.histogram_bin_edges(x, bins="sturges") from the size, min and max of x (x not empty, min and
 * max finite). Where numpy gives up, two cases: a range wider than the largest double (numpy's width
 * overflows) gives null, no histogram; a constant column too large for numpy's +-0.5 to widen (numpy
 * finds no finite-sized bin) gets one bin between the doubles either side of the value.
 */
export function sturgesEdges(n: number, min: number, max: number, integer: boolean): number[] | null {
  if (!Number.isFinite(max - min)) return null;
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
    if (first === last) {
      first = nextDouble(min, -1);
      last = Number.isFinite(nextDouble(max, 1)) ? nextDouble(max, 1) : max;
    }
  }
  let bins = 1;
  let width = (max - min) / (Math.log2(n) + 1);
  if (width) {
    // numpy widens bins of integer data to at least 1, so no bin falls between two integers.
    if (integer && width < 1) width = 1;
    bins = Math.ceil((last - first) / width);
  }
  // np.linspace(first, last, bins + 1): i * step + start, the last edge set to stop exactly.
  const step = (last - first) / bins;
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) edges.push(i === bins ? last : i * step + first);
  return edges;
}

/** The double next to finite x towards +Infinity (direction 1) or -Infinity (-1). */
export function nextDouble(x: number, direction: 1 | -1): number {
  if (x === 0) return direction * Number.MIN_VALUE;
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  // Away from zero the bit pattern grows by one; towards zero it shrinks by one.
  bits[0] += (x > 0) === (direction > 0) ? 1n : -1n;
  return new Float64Array(bits.buffer)[0];
}

/** numpy.histogram(x, bins=edges) counts for equal-width edges, with numpy's index correction. */
export function histogramCounts(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const first = edges[0];
  const last = edges[bins];
  const denom = last - first;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(x >= first && x <= last)) continue;
    let k = Math.trunc(((x - first) / denom) * bins);
    if (k === bins) k--;
    if (x < edges[k]) k--;
    else if (k !== bins - 1 && x >= edges[k + 1]) k++;
    counts[k]++;
  }
  return counts;
}
