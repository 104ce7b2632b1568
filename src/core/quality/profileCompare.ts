// Two profiles of a table side by side: columns paired by name, histograms moved onto shared bins,
// top values grouped. The Profile panel draws these; drift detection compares the same shared bins.
import type { ProfileColumnView } from '../../shared/profileData';
import type { ColumnProfile, TableProfile } from '../../shared/profileTypes';
import { maxOf } from '../../shared/boundedSpread';

export interface Histogram {
  edges: readonly number[];
  counts: readonly number[];
}

/** Top values kept per column in the view, as the profile keeps them. */
const TOP = 20;
/** Bins of an overlaid histogram: enough to keep the finer of the two, few enough to read. */
const MAX_SHARED_BINS = 60;

const sameEdges = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Equal-width edges spanning both histograms. The bins are as narrow as the finer histogram's (so
 * neither loses detail), at least as many as either has, at most MAX_SHARED_BINS. Identical edges
 * are kept as they are.
 */
export function sharedEdges(a: Histogram, b: Histogram): number[] {
  if (sameEdges(a.edges, b.edges)) return [...a.edges];
  const first = Math.min(a.edges[0], b.edges[0]);
  const last = Math.max(a.edges[a.edges.length - 1], b.edges[b.edges.length - 1]);
  const binsA = a.edges.length - 1;
  const binsB = b.edges.length - 1;
  const width = Math.min((a.edges[binsA] - a.edges[0]) / binsA, (b.edges[binsB] - b.edges[0]) / binsB);
  const wanted = width > 0 ? Math.ceil((last - first) / width - 1e-9) : 1;
  const bins = Math.max(1, Math.min(MAX_SHARED_BINS, Math.max(wanted, binsA, binsB)));
  const step = (last - first) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? last : first + i * step));
}

/**
 * The counts of `h` on other `edges`, each bin's count split in proportion to its overlap with the
 * new bins (values taken as uniform within a bin). The total is kept when `edges` span `h`'s.
 */
export function rebin(h: Histogram, edges: readonly number[]): number[] {
  if (sameEdges(h.edges, edges)) return [...h.counts];
  const out = new Array<number>(edges.length - 1).fill(0);
  const lastBin = out.length - 1;
  for (let i = 0; i < h.counts.length; i++) {
    const count = h.counts[i];
    if (!count) continue;
    const lo = h.edges[i];
    const hi = h.edges[i + 1];
    if (hi <= lo) {
      // A bin of no width holds one value: it goes where that value falls (the last bin is closed).
      const j = edges.findIndex((e, k) => k < lastBin && lo >= e && lo < edges[k + 1]);
      out[j < 0 ? (lo < edges[0] ? 0 : lastBin) : j] += count;
      continue;
    }
    for (let j = 0; j <= lastBin; j++) {
      const overlap = Math.min(hi, edges[j + 1]) - Math.max(lo, edges[j]);
      // Overlaps of rounding size are not overlaps: they would smear a bin onto its neighbours.
      if (overlap > (hi - lo) * 1e-9) out[j] += (count * overlap) / (hi - lo);
    }
  }
  return out;
}

/** Both histograms on shared edges, for one overlaid chart. */
export function overlayHistograms(a: Histogram, b: Histogram): { edges: number[]; a: number[]; b: number[] } {
  const edges = sharedEdges(a, b);
  return { edges, a: rebin(a, edges), b: rebin(b, edges) };
}

/** Top values of every side, by their largest count; null where a value is not among a side's top. */
function groupedTop(sides: (ColumnProfile | null)[]): ProfileColumnView['top'] {
  const byValue = new Map<string, (number | null)[]>();
  sides.forEach((side, s) => {
    for (const t of side?.top ?? []) {
      const key = String(t.value);
      const counts = byValue.get(key) ?? sides.map(() => null);
      counts[s] = t.count;
      byValue.set(key, counts);
    }
  });
  const most = (counts: (number | null)[]) => maxOf(counts.map((c) => c ?? 0), 0);
  return [...byValue]
    .sort((x, y) => most(y[1]) - most(x[1]) || x[0].localeCompare(y[0]))
    .slice(0, TOP)
    .map(([value, counts]) => ({ value, counts }));
}

function histogramOf(sides: (ColumnProfile | null)[]): ProfileColumnView['histogram'] {
  const hs = sides.map((s) => s?.histogram ?? null);
  const present = hs.filter((h): h is NonNullable<typeof h> => h !== null);
  if (!present.length) return null;
  const edges = present.length === 1 ? [...present[0].edges] : sharedEdges(present[0], present[1]);
  // Two histograms near opposite ends of the doubles (1e308 and -1e308): their span overflows.
  if (!edges.every(Number.isFinite)) return null;
  // A side without a histogram (column absent, or not numeric there) draws no bars: zeros.
  return { edges, counts: hs.map((h) => (h ? rebin(h, edges) : new Array<number>(edges.length - 1).fill(0))) };
}

/**
 * The columns of one or two profiles, paired by name: the first profile's order, then columns only
 * the second has. With two, a column missing from one side is marked by `only`.
 */
export function profileColumns(profiles: readonly TableProfile[]): ProfileColumnView[] {
  const names = [...new Set(profiles.flatMap((p) => p.columns.map((c) => c.name)))];
  return names.map((name) => {
    const sides = profiles.map((p) => p.columns.find((c) => c.name === name) ?? null);
    const holding = sides.flatMap((s, i) => (s ? [i] : []));
    return {
      name,
      ...(holding.length < sides.length ? { only: holding[0] } : {}),
      sides,
      histogram: histogramOf(sides),
      top: groupedTop(sides),
    };
  });
}
