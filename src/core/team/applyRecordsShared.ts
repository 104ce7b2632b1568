// What every applyRecords* file needs: the page being applied (one local transaction), the report it
// fills, the number conversions of pg's bigint text, and the team_records row each applied record gets.
import type { Store } from '../store/store';
import type { RecordKind, RecordPullReport } from './types';

/** One row of mlops.changes_since: seq arrives as text (bigint), payload as the row's to_jsonb. */
export interface ChangeRow {
  seq: string;
  kind: string;
  payload: Record<string, unknown>;
}

/** A pulled metric row as pg returns it: bigint columns as text, double precision as a number. */
export interface PulledMetric {
  key: string;
  step: string;
  value: number | null;
  timestamp: string;
}

export interface ApplyContext {
  store: Store;
  /** This workspace's id (workspace_meta): its own records come back on pull and are only marked. */
  workspaceId: string;
  report: RecordPullReport;
  /** Teammates whose records this pull brought (authors of runs and versions, actors of alias moves). */
  authors: Set<string>;
  /** Metric rows of the page's new runs, read in one query before the page's transaction. */
  metrics: Map<string, PulledMetric[]>;
  now: number;
}

/**
 * A bigint that pg sent as text (or JSON as a number) as a JS number: exact below 2^53, which every
 * sequence, step and ms timestamp is; anything else is refused rather than silently rounded.
 */
export function toInt(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new RangeError(`team store: ${what} is ${JSON.stringify(value)}, not an integer this client can hold exactly`);
  return n;
}

export function toIntOrNull(value: unknown, what: string): number | null {
  return value === null || value === undefined ? null : toInt(value, what);
}

/** A text column of a pulled row ('' for NULL); numbers as their decimal text. */
export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return '';
}

/** Marks a record as on the team store with the digest pulled and the server's sequence. */
export function markTeamRecord(ctx: ApplyContext, kind: RecordKind, key: string, digest: string, serverSeq: number): void {
  ctx.store
    .statement(
      `INSERT INTO team_records (kind, key, digest, server_seq, synced_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, key) DO UPDATE SET digest = excluded.digest, server_seq = excluded.server_seq, synced_at = excluded.synced_at`,
    )
    .run(kind, key, digest, serverSeq, ctx.now);
}

/** The local id of the dataset version with this uid, or null (not pulled, or deleted here). */
export function datasetVersionId(store: Store, uid: unknown): number | null {
  if (typeof uid !== 'string' || !uid) return null;
  const row = store.statement('SELECT id FROM dataset_versions WHERE uid = ?').get<{ id: number }>(uid);
  return row ? Number(row.id) : null;
}

type TagTable = 'run_tags' | 'model_version_tags';

export function currentTags(ctx: ApplyContext, table: TagTable, owner: string | number): Record<string, string> {
  const column = table === 'run_tags' ? 'run_id' : 'version_id';
  const rows = ctx.store.statement(`SELECT key, value FROM ${table} WHERE ${column} = ?`).all<{ key: string; value: string }>(owner);
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/**
 * Makes a run's or a model version's tags exactly `tags` (the last push wins); true when anything
 * changed, so a pull reports only real updates.
 */
export function replaceTags(ctx: ApplyContext, table: TagTable, owner: string | number, tags: Record<string, string>): boolean {
  const column = table === 'run_tags' ? 'run_id' : 'version_id';
  const { store } = ctx;
  const current = currentTags(ctx, table, owner);
  const keys = Object.keys(current);
  if (keys.length === Object.keys(tags).length && keys.every((k) => tags[k] === current[k])) return false;
  store.statement(`DELETE FROM ${table} WHERE ${column} = ?`).run(owner);
  const put = store.statement(`INSERT INTO ${table} (${column}, key, value) VALUES (?, ?, ?)`);
  for (const [key, value] of Object.entries(tags)) put.run(owner, key, String(value));
  return true;
}

/**
 * True when the editable part of a record (tags, a run's note) changed here since it was last pushed
 * or pulled: its digest now differs from team_records'. Such an edit is kept (git-like: local work is
 * never overwritten by a pull); the next push sends it, and the last push wins.
 */
export function editedHere(ctx: ApplyContext, kind: 'run' | 'model_version', key: string, localDigest: string): boolean {
  const row = ctx.store.statement('SELECT digest FROM team_records WHERE kind = ? AND key = ?').get<{ digest: string }>(kind, key);
  return !!row && row.digest !== localDigest;
}
