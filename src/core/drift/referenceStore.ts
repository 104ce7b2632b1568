// Reference summaries in the store (migration 4): drift_references holds the meta (columns, types,
// missing counts, chunk scores) as JSON, drift_reference_columns one row per column with its data:
// the sorted values as little-endian Float64 bytes, or the category counts as JSON. Written in one
// transaction, so a summary is there whole or not at all.
import type { Store } from '../store/store';
import type { ColumnData } from './columnData';
import type { ReferenceSummary } from './referenceSummary';

/** Bumped when what a summary holds changes: summaries under an older key are computed again. */
export const SUMMARY_FORMAT = 'drift-summary-1';

interface StoredColumn {
  name: string;
  type: ColumnData['type'];
  sourceType: ColumnData['sourceType'];
  nulls: number;
  nan: number;
  infinite: number;
}

interface StoredMeta {
  columns: StoredColumn[];
  chunks: number;
  chunkScores: ReferenceSummary['chunkScores'];
  /** Absent in summaries stored before multivariate drift: its model is then fitted on demand. */
  multivariate?: ReferenceSummary['multivariate'];
}

/** The key a summary is stored under: the format and whatever shaped how the table was read. */
export function summaryKey(readOptions: object = {}): string {
  return `${SUMMARY_FORMAT};${JSON.stringify(readOptions)}`;
}

function encodeColumn(c: ColumnData): Buffer {
  if (c.type === 'numeric') return Buffer.from(c.values.buffer, c.values.byteOffset, c.values.byteLength);
  return Buffer.from(JSON.stringify([...c.counts]), 'utf8');
}

export function saveReferenceSummary(store: Store, key: string, summary: ReferenceSummary): void {
  const meta: StoredMeta = {
    columns: summary.columns.map((c) => ({ name: c.name, type: c.type, sourceType: c.sourceType, nulls: c.nulls, nan: c.nan, infinite: c.infinite })),
    chunks: summary.chunks,
    chunkScores: summary.chunkScores,
    ...(summary.multivariate ? { multivariate: summary.multivariate } : {}),
  };
  store.transaction(() => {
    // The columns go with their summary (ON DELETE CASCADE).
    store.db.prepare('DELETE FROM drift_references WHERE hash = ? AND options = ?').run(summary.hash, key);
    store.db
      .prepare('INSERT INTO drift_references (hash, options, row_count, meta_json, computed_at) VALUES (?, ?, ?, ?, ?)')
      .run(summary.hash, key, summary.rows, JSON.stringify(meta), Date.now());
    const insert = store.db.prepare('INSERT INTO drift_reference_columns (hash, options, name, data) VALUES (?, ?, ?, ?)');
    for (const c of summary.columns) insert.run(summary.hash, key, c.name, encodeColumn(c));
  });
}

/** Only the chunk scores changed (a learned threshold asked for a test not scored before). */
export function saveChunkScores(store: Store, key: string, summary: ReferenceSummary): void {
  const row = store.db.prepare('SELECT meta_json FROM drift_references WHERE hash = ? AND options = ?').get<{ meta_json: string }>(summary.hash, key);
  if (!row) return saveReferenceSummary(store, key, summary);
  const meta = JSON.parse(row.meta_json) as StoredMeta;
  meta.chunkScores = summary.chunkScores;
  store.db.prepare('UPDATE drift_references SET meta_json = ? WHERE hash = ? AND options = ?').run(JSON.stringify(meta), summary.hash, key);
}

/** Only the multivariate models changed (one was fitted for a column set). */
export function saveMultivariateModels(store: Store, key: string, summary: ReferenceSummary): void {
  const row = store.db.prepare('SELECT meta_json FROM drift_references WHERE hash = ? AND options = ?').get<{ meta_json: string }>(summary.hash, key);
  if (!row) return saveReferenceSummary(store, key, summary);
  const meta = JSON.parse(row.meta_json) as StoredMeta;
  meta.multivariate = summary.multivariate;
  store.db.prepare('UPDATE drift_references SET meta_json = ? WHERE hash = ? AND options = ?').run(JSON.stringify(meta), summary.hash, key);
}

/** The stored summary of a reference's content, or undefined when it was never computed. */
export function loadReferenceSummary(store: Store, hash: string, key: string): ReferenceSummary | undefined {
  const row = store.db.prepare('SELECT row_count, meta_json FROM drift_references WHERE hash = ? AND options = ?').get<{ row_count: number; meta_json: string }>(hash, key);
  if (!row) return undefined;
  const meta = JSON.parse(row.meta_json) as StoredMeta;
  const data = new Map<string, Uint8Array>();
  for (const r of store.db.prepare('SELECT name, data FROM drift_reference_columns WHERE hash = ? AND options = ?').all<{ name: string; data: Uint8Array }>(hash, key)) {
    data.set(r.name, r.data);
  }
  const columns = meta.columns.map((m): ColumnData => {
    const bytes = data.get(m.name);
    if (!bytes) throw new Error(`The stored drift summary of ${hash.slice(0, 12)} lacks column ${m.name}.`);
    const missing = { nulls: m.nulls, nan: m.nan, infinite: m.infinite };
    if (m.type === 'numeric') {
      // A view where the bytes SQLite returns are 8-byte aligned, else a copy.
      const values = bytes.byteOffset % 8 === 0 ? new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8) : new Float64Array(new Uint8Array(bytes).buffer);
      return { name: m.name, type: 'numeric', sourceType: m.sourceType as 'integer', values, ...missing };
    }
    const counts = new Map<string, number>(JSON.parse(Buffer.from(bytes).toString('utf8')) as [string, number][]);
    return { name: m.name, type: 'categorical', sourceType: m.sourceType as 'string', counts, ...missing };
  });
  return { hash, rows: row.row_count, columns, chunks: meta.chunks, chunkScores: meta.chunkScores, ...(meta.multivariate ? { multivariate: meta.multivariate } : {}) };
}

/**
 * Drops the summaries gc finds no use for: those of content no longer kept (`kept` says false for
 * its hash) and those stored under an older SUMMARY_FORMAT, which are never read again. They are a
 * cache: a reference summarized again costs a read of its file. Returns how many there were (a dry
 * run only counts them).
 */
export function pruneReferenceSummaries(store: Store, kept: (hash: string) => boolean, opts: { dryRun?: boolean } = {}): number {
  const current = `${SUMMARY_FORMAT};`;
  const doomed = store.db
    .prepare('SELECT hash, options FROM drift_references')
    .all<{ hash: string; options: string }>()
    .filter((r) => !kept(r.hash) || !r.options.startsWith(current));
  if (!opts.dryRun) {
    // Its columns go with it (ON DELETE CASCADE).
    const del = store.db.prepare('DELETE FROM drift_references WHERE hash = ? AND options = ?');
    for (const r of doomed) del.run(r.hash, r.options);
  }
  return doomed.length;
}
