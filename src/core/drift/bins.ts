// The shared bins the binned and categorical drift tests count on: numpy's Sturges edges over both
// samples, histogram counts on those edges, and categories aligned over the union of both sides.
import type { SortedSample } from './types';

/**
 * Bin edges as `numpy.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")`,
 * with numpy's arithmetic step for step so a value on an edge lands in the same bin: width =
 * range / (log2(n) + 1), ceil(range / width) equal bins, edges start + i * step with the last edge
 * set to the maximum. A constant sample gets numpy's one bin [v - 0.5, v + 0.5]; two empty samples
 * numpy's [0, 1].
 */
export function sturgesEdges(reference: SortedSample, current: SortedSample): Float64Array {
  const n = reference.length + current.length;
  if (n === 0) return Float64Array.of(0, 1);
  const min = Math.min(reference.length ? reference[0] : Infinity, current.length ? current[0] : Infinity);
  const max = Math.max(
    reference.length ? reference[reference.length - 1] : -Infinity,
    current.length ? current[current.length - 1] : -Infinity,
  );
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new Error(`sturgesEdges: samples must be finite (range ${min} to ${max}); remove NaN and infinities first`);
  }
  if (min === max) return Float64Array.of(min - 0.5, max + 0.5);
  const range = max - min;
  const width = range / (Math.log2(n) + 1);
  const bins = width ? Math.ceil(range / width) : 1;
  return linspace(min, max, bins + 1);
}

/** `numpy.linspace(start, stop, num)` as numpy computes it (i * step + start, the last set to stop). */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  const step = delta / div;
  for (let i = 0; i < num; i++) {
    // numpy divides first when the step underflows to zero (subnormal ranges)
    out[i] = (step === 0 ? (i / div) * delta : i * step) + start;
  }
  out[num - 1] = stop;
  return out;
}

/**
 * Counts per bin as `numpy.histogram(sorted, bins=edges)[0]`: bins are half-open [a, b) except the
 * last, which is closed; values outside the edges are not counted. One binary search per edge.
 */
export function histogramCounts(sorted: SortedSample, edges: Float64Array): Float64Array {
  if (edges.length < 2) throw new Error(`histogramCounts: edges needs at least 2 values, got ${edges.length}`);
  const counts = new Float64Array(edges.length - 1);
  let previous = searchSorted(sorted, edges[0], 'left');
  for (let i = 1; i < edges.length; i++) {
    const position = searchSorted(sorted, edges[i], i === edges.length - 1 ? 'right' : 'left');
    counts[i - 1] = position - previous;
    previous = position;
  }
  return counts;
}

/** numpy's searchsorted: the first index whose value is >= x ('left') or > x ('right'). */
function searchSorted(sorted: SortedSample, x: number, side: 'left' | 'right'): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x || (side === 'right' && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface AlignedCategories {
  categories: string[];
  reference: Float64Array;
  current: Float64Array;
}

/**
 * Counts of both sides over the union of their categories, most frequent in the reference first
 * (ties and categories only in the current batch by name), so a report lists them in a stable
 * order. A category counted zero on both sides is left out: it is in neither sample.
 */
export function alignCategories(reference: Map<string, number>, current: Map<string, number>): AlignedCategories {
  const names = new Set<string>();
  for (const [name, count] of reference) if (count > 0) names.add(name);
  for (const [name, count] of current) if (count > 0) names.add(name);
  const categories = [...names].sort((a, b) => {
    const byCount = (reference.get(b) ?? 0) - (reference.get(a) ?? 0);
    return byCount !== 0 ? byCount : a < b ? -1 : a > b ? 1 : 0;
  });
  return {
    categories,
    reference: Float64Array.from(categories, (name) => reference.get(name) ?? 0),
    current: Float64Array.from(categories, (name) => current.get(name) ?? 0),
  };
}

export interface AlignedValues {
  /** The distinct values of both samples, ascending. */
  values: Float64Array;
  reference: Float64Array;
  current: Float64Array;
}

/**
 * A numeric column with few distinct values taken as categories, one per value: both samples'
 * counts over the union of their values, ascending, in one merge of the two sorted samples.
 */
export function alignValues(reference: SortedSample, current: SortedSample): AlignedValues {
  const values: number[] = [];
  const referenceCounts: number[] = [];
  const currentCounts: number[] = [];
  let i = 0;
  let j = 0;
  while (i < reference.length || j < current.length) {
    const value = Math.min(i < reference.length ? reference[i] : Infinity, j < current.length ? current[j] : Infinity);
    let r = 0;
    let c = 0;
    while (i < reference.length && reference[i] === value) {
      r++;
      i++;
    }
    while (j < current.length && current[j] === value) {
      c++;
      j++;
    }
    values.push(value);
    referenceCounts.push(r);
    currentCounts.push(c);
  }
  return {
    values: Float64Array.from(values),
    reference: Float64Array.from(referenceCounts),
    current: Float64Array.from(currentCounts),
  };
}
