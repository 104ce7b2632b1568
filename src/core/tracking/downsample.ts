// MinMax-LTTB downsampling for metric charts. A chart cannot show more than about two points per
// pixel, but it must never hide what a user is looking for: a loss spike at one step, a NaN gap.
//
// Stage 1 (MinMax pre-selection) splits the x range into equal-width sub-buckets and keeps only each
// one's minimum and maximum (and its first NaN, to keep the gap). Stage 2 groups sub-buckets into
// output buckets and runs LTTB over the pre-selected points (the point making the largest triangle
// with the previous pick and the next bucket's mean), but unlike plain LTTB it also emits every
// output bucket's exact min and max, so a single-step spike always survives. Nothing is random.
//
// Every output point also carries [lo, hi]: the min and max of the raw points of its output bucket
// (its own value where nothing was merged), which the Metrics panel draws as a band.

/** A point to downsample: `x` places it (sorted ascending), `y` is its value (NaN = gap), `id` identifies it. */
export interface XYPoint {
  id: number;
  x: number;
  y: number;
}

/** A sub-bucket reduced to what downsampling needs. min/max exclude NaN (±Infinity count as extremes). */
export interface PreBucket<P extends XYPoint> {
  min?: P;
  max?: P;
  /** The first NaN point of the sub-bucket, kept so the chart shows the gap. */
  nan?: P;
}

export interface Downsampled<P extends XYPoint> {
  points: P[];
  /** Per output point: min and max of the raw points it stands for (NaN when they were all NaN). */
  lo: number[];
  hi: number[];
}

/** Pre-selection sub-buckets per output bucket (the "ratio" of MinMax-LTTB). */
export const PRESELECT_RATIO = 4;

export interface BucketLayout {
  /** Output buckets; each emits at most three points (min, max, LTTB pick or NaN marker). */
  buckets: number;
  /** Sub-bucket boundaries in x: sub-bucket j holds x in [edges[j], edges[j+1]), the last one also x = edges[end]. */
  edges: number[];
}

/**
 * Equal-width buckets over [x0, x1] for about `target` output points: 2 for first and last, then at
 * most 3 per bucket. Shared by the in-memory path and the SQL path so both select the same points.
 */
export function bucketLayout(x0: number, x1: number, target: number): BucketLayout {
  const buckets = Math.max(1, Math.floor((target - 2) / 3));
  const subs = x1 > x0 ? buckets * PRESELECT_RATIO : 1;
  const span = x1 - x0;
  const edges: number[] = [];
  for (let j = 0; j <= subs; j++) edges.push(j === subs ? x1 : x0 + (j * span) / subs);
  return { buckets: subs === 1 ? 1 : buckets, edges };
}

/** Which output bucket sub-bucket j belongs to. */
export const bucketOfSub = (j: number, layout: BucketLayout): number => Math.floor((j * layout.buckets) / (layout.edges.length - 1));

/** Downsamples `points` (sorted by x) to at most `target` points; fewer than that pass through unchanged. */
export function downsample<P extends XYPoint>(points: readonly P[], target: number): Downsampled<P> {
  if (points.length <= Math.max(target, 3)) return passThrough(points);
  const layout = bucketLayout(points[0].x, points[points.length - 1].x, target);
  const subs = layout.edges.length - 1;
  const pre: PreBucket<P>[] = Array.from({ length: subs }, () => ({}));
  let j = 0;
  for (const p of points) {
    while (j < subs - 1 && p.x >= layout.edges[j + 1]) j++;
    addToPreBucket(pre[j], p);
  }
  return selectFromPreBuckets(points[0], points[points.length - 1], groupPreBuckets(pre, layout));
}

export function passThrough<P extends XYPoint>(points: readonly P[]): Downsampled<P> {
  return { points: points.slice(), lo: points.map((p) => p.y), hi: points.map((p) => p.y) };
}

export function addToPreBucket<P extends XYPoint>(b: PreBucket<P>, p: P): void {
  if (Number.isNaN(p.y)) {
    b.nan ??= p;
    return;
  }
  if (!b.min || p.y < b.min.y) b.min = p;
  if (!b.max || p.y > b.max.y) b.max = p;
}

/** Sub-buckets grouped into their output buckets (empty sub-buckets dropped). */
export function groupPreBuckets<P extends XYPoint>(pre: readonly PreBucket<P>[], layout: BucketLayout): PreBucket<P>[][] {
  const groups: PreBucket<P>[][] = Array.from({ length: layout.buckets }, () => []);
  pre.forEach((b, j) => {
    if (b.min || b.nan) groups[bucketOfSub(j, layout)].push(b);
  });
  return groups;
}

const isFinitePoint = (p: XYPoint | undefined): p is XYPoint => p !== undefined && Number.isFinite(p.y);

/**
 * Stage 2: from each output bucket, its exact min and max plus the LTTB pick among its pre-selected
 * finite points (or, when it holds NaN, its first NaN instead, so the gap stays). First and last
 * points are always kept. Output is in x order without duplicates.
 */
export function selectFromPreBuckets<P extends XYPoint>(first: P, last: P, groups: readonly PreBucket<P>[][]): Downsampled<P> {
  const out: Downsampled<P> = { points: [first], lo: [first.y], hi: [first.y] };
  const seen = new Set<number>([first.id, last.id]);
  const candidates = groups.map((g) => g.flatMap((b) => [b.min, b.max]).filter(isFinitePoint) as P[]);
  const means = candidates.map(meanPoint);
  let anchor: XYPoint = first;
  for (let k = 0; k < groups.length; k++) {
    const group = groups[k];
    if (!group.length) continue;
    let lo = Infinity;
    let hi = -Infinity;
    let min: P | undefined;
    let max: P | undefined;
    let nan: P | undefined;
    for (const b of group) {
      if (b.min && (!min || b.min.y < min.y)) min = b.min;
      if (b.max && (!max || b.max.y > max.y)) max = b.max;
      nan ??= b.nan;
    }
    if (min) lo = min.y;
    if (max) hi = max.y;
    let next: XYPoint = last;
    for (let n = k + 1; n < groups.length; n++) {
      if (means[n]) {
        next = means[n]!;
        break;
      }
    }
    const pick = nan ?? largestTriangle(anchor, candidates[k], next);
    const chosen: P[] = [];
    for (const p of [min, max, pick]) {
      if (p === undefined || seen.has(p.id)) continue;
      seen.add(p.id);
      chosen.push(p);
    }
    chosen.sort((a, b) => a.x - b.x || a.id - b.id);
    for (const p of chosen) {
      out.points.push(p);
      out.lo.push(min ? lo : NaN);
      out.hi.push(max ? hi : NaN);
    }
    const lastFinite = [...chosen].reverse().find(isFinitePoint);
    if (lastFinite) anchor = lastFinite;
  }
  if (last.id !== first.id) {
    out.points.push(last);
    out.lo.push(last.y);
    out.hi.push(last.y);
  }
  return out;
}

function meanPoint(points: readonly XYPoint[]): XYPoint | undefined {
  if (!points.length) return undefined;
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { id: -1, x: x / points.length, y: y / points.length };
}

/** LTTB's choice: the candidate forming the largest triangle with `a` and `c` (first one on ties). */
function largestTriangle<P extends XYPoint>(a: XYPoint, candidates: readonly P[], c: XYPoint): P | undefined {
  let best: P | undefined;
  let bestArea = -1;
  for (const b of candidates) {
    const area = Math.abs((a.x - c.x) * (b.y - a.y) - (a.x - b.x) * (c.y - a.y));
    if (area > bestArea) {
      bestArea = area;
      best = b;
    }
  }
  return best;
}
