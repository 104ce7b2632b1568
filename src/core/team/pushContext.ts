// What every push phase shares: the connection, this workspace's identity, the report being filled,
// and the two halves of a batch: a server transaction, then one local transaction recording what
// that transaction committed (team_records), so a killed push resends only what did not commit.
import type { Store } from '../store/store';
import type { PushOptions, TeamQueryable } from './pushTypes';
import type { TeamTx } from './teamConnect';
import { TeamConflictError, type RecordKind, type RecordPushReport } from './types';

export interface PushContext {
  store: Store;
  team: TeamQueryable;
  opts: PushOptions;
  report: RecordPushReport;
  workspaceId: string;
  /** Who pushes ("Name <email>"): the author of records that name none. */
  actor: string;
}

export type Tx = TeamTx;

/** A record on the team store after a committed batch: team_records' row for it. */
export interface Marked {
  kind: RecordKind;
  key: string;
  digest: string;
  serverSeq: number | null;
}

export function markRecords(store: Store, rows: readonly Marked[], now = Date.now()): void {
  const upsert = store.statement(
    `INSERT INTO team_records (kind, key, digest, server_seq, synced_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, key) DO UPDATE SET digest = excluded.digest, server_seq = excluded.server_seq, synced_at = excluded.synced_at`,
  );
  for (const r of rows) upsert.run(r.kind, r.key, r.digest, r.serverSeq, now);
}

/** Between batches: what committed stays, the rest waits for the next push. */
export function checkAborted(ctx: PushContext): void {
  ctx.opts.signal?.throwIfAborted();
}

export function progress(ctx: PushContext, kind: RecordKind, done: number, total: number): void {
  ctx.opts.onProgress?.({ kind, done, total });
}

/** pg's bigint arrives as text. */
export const seqOf = (v: unknown): number => Number(v);

const noun: Record<RecordKind, string> = {
  run: 'run',
  pipeline_run: 'pipeline run',
  dataset_version: 'dataset version',
  model_version: 'model version',
  alias_event: 'alias event',
  audit: 'audit entry',
  drift_check: 'drift check',
};

/** The same global id already on the team store with other content: refused, the batch rolled back. */
export function conflictError(kind: RecordKind, key: string, label: string, theirs: string, ours: string): TeamConflictError {
  return new TeamConflictError(
    `${noun[kind]} ${label} was pushed before with other content: the team store's digest is ${theirs.slice(0, 12)}…, this store's ${ours.slice(0, 12)}…. ` +
      `A pushed ${noun[kind]} never changes; this copy was altered after it was pushed, or came from another store with the same id. ` +
      'Nothing of this batch was written: remove or re-create the record here under a new id, then push again.',
    kind,
    key,
  );
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
