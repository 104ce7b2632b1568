// What a counts test reads from the two sides of one column: counts per category over the union, or
// per bin. A numeric column is binned on Sturges edges over both sides
// (numpy.histogram_bin_edges(concat, "sturges")), or one bin per value when the reference has at
// most 20 distinct values (DESIGN.md's PSI rule); the tests over categories take one per value.
import { alignCategories, alignValues, histogramCounts, sturgesEdges } from './bins';

/** One side of a column, as the reference summary and a batch's data both hold it. */
export type ColumnSide = { type: 'numeric'; values: Float64Array } | { type: 'categorical'; counts: Map<string, number> };

export interface AlignedCounts {
  /** Each bin's category (categorical columns, or numeric ones binned per value). */
  labels?: string[];
  /** Numeric bins: their edges (one more than the counts). */
  edges?: Float64Array;
  reference: Float64Array;
  current: Float64Array;
}

/** At most this many distinct reference values and a numeric column is binned one bin per value. */
export const VALUE_BINS_MAX = 20;

/** Counts of each distinct value of a sorted sample, keyed by String(value). */
export function valueCounts(sorted: Float64Array): Map<string, number> {
  const counts = new Map<string, number>();
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    counts.set(String(sorted[i]), j - i);
    i = j;
  }
  return counts;
}

/** Whether a sorted sample has more than `cap` distinct values (counting stops there). */
export function moreDistinctThan(sorted: Float64Array, cap: number): boolean {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if ((i === 0 || sorted[i] !== sorted[i - 1]) && ++n > cap) return true;
  return false;
}

function perValue(reference: Float64Array, current: Float64Array): AlignedCounts {
  const a = alignValues(reference, current);
  return { labels: Array.from(a.values, String), reference: a.reference, current: a.current };
}

/** Shared Sturges bins over both sides. */
export function sturgesBins(reference: Float64Array, current: Float64Array): AlignedCounts {
  const edges = sturgesEdges(reference, current);
  return { edges, reference: histogramCounts(reference, edges), current: histogramCounts(current, edges) };
}

/** The bins a binned test counts a numeric column on. */
export function numericBins(reference: Float64Array, current: Float64Array): AlignedCounts {
  return moreDistinctThan(reference, VALUE_BINS_MAX) ? sturgesBins(reference, current) : perValue(reference, current);
}

/** Counts per category of the union; a numeric side's values are its categories. */
export function categoryCounts(reference: ColumnSide, current: ColumnSide): AlignedCounts {
  if (reference.type === 'numeric' && current.type === 'numeric') return perValue(reference.values, current.values);
  const counts = (s: ColumnSide) => (s.type === 'categorical' ? s.counts : valueCounts(s.values));
  const a = alignCategories(counts(reference), counts(current));
  return { labels: a.categories, reference: a.reference, current: a.current };
}
