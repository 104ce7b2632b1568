// A metric series ready to chart: read in step order and downsampled in SQLite, so a million-point
// series costs a few thousand small indexed range queries and never a million JavaScript objects.
import type { Statement } from '../store/driver';
import type { Store } from '../store/store';
import { addToPreBucket, bucketLayout, downsample, groupPreBuckets, passThrough, selectFromPreBuckets, type PreBucket, type XYPoint } from './downsample';

export type SeriesXAxis = 'step' | 'relative' | 'wall';

export interface MetricSeriesPoint {
  step: number;
  /** NaN and ±Infinity are kept. */
  value: number;
  timestamp: number;
  /** ms since the run's first logged point. */
  relative: number;
  /** min and max of the raw points this point stands for (its own value where nothing was merged). */
  lo: number;
  hi: number;
}

export interface MetricSeriesOptions {
  /** About two points per pixel of the chart. */
  target: number;
  /** Only points with a step greater than this (live updates send only what is new). */
  afterStep?: number;
  /** The x the LTTB triangle areas are measured on; buckets are always step ranges (time grows with step). */
  xAxis: SeriesXAxis;
  /** The run's time origin when the caller already knows it (see runTimeOrigin). */
  origin?: number;
}

interface Row {
  id: number;
  step: number;
  value: number | null;
  timestamp: number;
}

interface SeriesPoint extends XYPoint {
  step: number;
  timestamp: number;
}

const COLS = 'rowid AS id, step, value, timestamp';
const SERIES = 'FROM metrics WHERE run_id = ? AND key = ?';

/**
 * Metric keys of a run. Walks the (run_id, key, step) index one key at a time instead of
 * `SELECT DISTINCT`, which reads every row of the run.
 */
export function seriesKeys(store: Store, runId: string): string[] {
  const next = store.db.prepare('SELECT key FROM metrics WHERE run_id = ? AND key > ? ORDER BY key LIMIT 1');
  const keys: string[] = [];
  for (let k = next.get<{ key: string }>(runId, ''); k; k = next.get<{ key: string }>(runId, k.key)) keys.push(k.key);
  return keys;
}

/** The timestamp of a run's first logged point over all keys (undefined without metrics). */
export function runTimeOrigin(store: Store, runId: string, keys = seriesKeys(store, runId)): number | undefined {
  const first = store.db.prepare(`SELECT timestamp ${SERIES} ORDER BY step, rowid LIMIT 1`);
  let origin: number | undefined;
  for (const key of keys) {
    const t = first.get<{ timestamp: number }>(runId, key)?.timestamp;
    if (t !== undefined && (origin === undefined || Number(t) < origin)) origin = Number(t);
  }
  return origin;
}

/** The highest step of one key, or undefined when it has no points. */
export function lastStep(store: Store, runId: string, key: string): number | undefined {
  const row = store.db.prepare(`SELECT MAX(step) AS step ${SERIES}`).get<{ step: number | null }>(runId, key);
  return row?.step === null || row?.step === undefined ? undefined : Number(row.step);
}

/** One key of one run, downsampled to at most `target` points (MinMax-LTTB, see downsample.ts). */
export function metricSeries(store: Store, runId: string, key: string, opts: MetricSeriesOptions): MetricSeriesPoint[] {
  const after = opts.afterStep ?? -Number.MAX_VALUE;
  const target = Math.max(3, Math.floor(opts.target));
  const origin = opts.origin ?? runTimeOrigin(store, runId) ?? 0;
  const useTime = opts.xAxis !== 'step';
  const point = (r: Row): SeriesPoint => ({
    id: Number(r.id),
    step: Number(r.step),
    timestamp: Number(r.timestamp),
    x: useTime ? Number(r.timestamp) : Number(r.step),
    y: r.value === null ? NaN : r.value,
  });
  const db = store.db;
  const where = `${SERIES} AND step > ?`;
  // Counting stops at target + 1: the exact size of a huge series is not needed, only "small or not".
  const small = db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 ${where} LIMIT ?)`).get<{ n: number }>(runId, key, after, target + 1)!;
  if (Number(small.n) <= target) {
    const rows = db.prepare(`SELECT ${COLS} ${where} ORDER BY step, rowid`).all<Row>(runId, key, after);
    return toSeries(passThrough(rows.map(point)), origin);
  }
  const first = point(db.prepare(`SELECT ${COLS} ${where} ORDER BY step, rowid LIMIT 1`).get<Row>(runId, key, after)!);
  const last = point(db.prepare(`SELECT ${COLS} ${where} ORDER BY step DESC, rowid DESC LIMIT 1`).get<Row>(runId, key, after)!);
  const layout = bucketLayout(first.step, last.step, target);
  const subs = layout.edges.length - 1;
  if (subs === 1) {
    // Every point shares one step: nothing to bucket by, so the in-memory path decides.
    const rows = db.prepare(`SELECT ${COLS} ${where} ORDER BY step, rowid`).all<Row>(runId, key, after);
    return toSeries(downsample(rows.map(point), target), origin);
  }
  // Edges start at the first step after afterStep, so afterStep needs no condition here; adding one
  // makes SQLite take it as the index's lower bound and scan from there for every sub-bucket.
  const range = (upper: '<' | '<=') => `${SERIES} AND step >= ? AND step ${upper} ?`;
  const queries = (upper: '<' | '<=') => ({
    // With MIN() and MAX() together, SQLite returns the other columns from a row holding one of the
    // two (https://sqlite.org/lang_select.html#bare_columns_in_an_aggregate_query); the other
    // extreme is then found by value, which stops at its first match: 1.5 reads of the range, not 2.
    extremes: db.prepare(`SELECT MIN(value) AS lo, MAX(value) AS hi, ${COLS}, COUNT(*) AS n, COUNT(value) AS finite ${range(upper)}`),
    byValue: db.prepare(`SELECT ${COLS} ${range(upper)} AND value = ? ORDER BY step, rowid LIMIT 1`),
    nan: db.prepare(`SELECT ${COLS} ${range(upper)} AND value IS NULL ORDER BY step, rowid LIMIT 1`),
  });
  const inner = queries('<');
  const final = queries('<=');
  const pre: PreBucket<SeriesPoint>[] = [];
  for (let j = 0; j < subs; j++) {
    const q = j === subs - 1 ? final : inner;
    const args = [runId, key, layout.edges[j], layout.edges[j + 1]];
    pre.push(preBucket(q, args, point));
  }
  return toSeries(selectFromPreBuckets(first, last, groupPreBuckets(pre, layout)), origin);
}

function preBucket(
  q: { extremes: Statement; byValue: Statement; nan: Statement },
  args: (string | number)[],
  point: (r: Row) => SeriesPoint,
): PreBucket<SeriesPoint> {
  const b: PreBucket<SeriesPoint> = {};
  const r = q.extremes.get<Row & { lo: number | null; hi: number | null; n: number; finite: number }>(...args)!;
  if (Number(r.n) === 0) return b;
  if (r.lo !== null && r.hi !== null) {
    addToPreBucket(b, point(r));
    if (r.lo !== r.hi) addToPreBucket(b, point(q.byValue.get<Row>(...args, r.value === r.lo ? r.hi : r.lo)!));
  }
  if (Number(r.finite) < Number(r.n)) addToPreBucket(b, point(q.nan.get<Row>(...args)!));
  return b;
}

function toSeries(d: { points: SeriesPoint[]; lo: number[]; hi: number[] }, origin: number): MetricSeriesPoint[] {
  return d.points.map((p, i) => ({ step: p.step, value: p.y, timestamp: p.timestamp, relative: p.timestamp - origin, lo: d.lo[i], hi: d.hi[i] }));
}
