import type { Store } from '../store/store';

export interface MetricPoint {
  key: string;
  step: number;
  /** NaN and ±Infinity are kept; SQLite stores NaN as NULL, so it is mapped both ways here. */
  value: number;
  timestamp: number;
}

export interface MetricSummary {
  last: number;
  min: number;
  max: number;
  /** Step of the last point. */
  step: number;
  count: number;
}

const toSql = (v: number) => (Number.isNaN(v) ? null : v);
const fromSql = (v: number | null) => (v === null ? NaN : v);

/** Inserts points for one run (call inside a transaction for batches). */
export function insertMetrics(store: Store, runId: string, points: MetricPoint[]): void {
  const stmt = store.db.prepare('INSERT INTO metrics (run_id, key, step, value, timestamp) VALUES (?, ?, ?, ?, ?)');
  for (const p of points) stmt.run(runId, p.key, p.step, toSql(p.value), p.timestamp);
}

export function metricKeys(store: Store, runId: string): string[] {
  return store.db.prepare('SELECT DISTINCT key FROM metrics WHERE run_id = ? ORDER BY key').all<{ key: string }>(runId).map((r) => r.key);
}

/**
 * Per key: last value (at the highest step, latest insert wins), min, max (ignoring NaN), last step,
 * count. min and max are NaN when a key has only NaN values.
 */
export function metricSummaries(store: Store, runId: string): Record<string, MetricSummary> {
  const rows = store.db
    .prepare(
      `SELECT m.key AS key, COUNT(*) AS count, MIN(m.value) AS min, MAX(m.value) AS max,
              (SELECT l.value FROM metrics l WHERE l.run_id = m.run_id AND l.key = m.key ORDER BY l.step DESC, l.rowid DESC LIMIT 1) AS last,
              MAX(m.step) AS step
         FROM metrics m WHERE m.run_id = ? GROUP BY m.key ORDER BY m.key`,
    )
    .all<{ key: string; count: number; min: number | null; max: number | null; last: number | null; step: number }>(runId);
  return Object.fromEntries(
    rows.map((r) => [r.key, { last: fromSql(r.last), min: fromSql(r.min), max: fromSql(r.max), step: Number(r.step), count: Number(r.count) }]),
  );
}

/** Every point of one key in step order (ties in insertion order). */
export function metricHistory(store: Store, runId: string, key: string): Omit<MetricPoint, 'key'>[] {
  return store.db
    .prepare('SELECT step, value, timestamp FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, rowid')
    .all<{ step: number; value: number | null; timestamp: number }>(runId, key)
    .map((r) => ({ step: Number(r.step), value: fromSql(r.value), timestamp: Number(r.timestamp) }));
}
