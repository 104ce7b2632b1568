// What `mlops push` / `mlops pull` (and VS Code's Push and Pull) report: the objects part (the remote)
// and the records part (the team store), each either done or skipped with the reason why.
import type { TransferProgress, TransferReport } from '../remote/types';
import type { RecordKind, RecordPullReport, RecordPushReport } from './types';

export interface SyncOptions {
  /** Runs, dataset versions, model versions to sync (mlops push train@3 churn@2); none = everything. */
  refs?: string[];
  /** The remote's name in mlops.json (default: the default remote, or team.remote). */
  remote?: string;
  /** Concurrent transfers (default: the remote's jobs, else 8). */
  jobs?: number;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Where MLOPS_TEAM_DATABASE is read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** One phase at a time: objects (checking, uploading, downloading) or records (by kind). */
export type SyncProgress =
  | { part: 'objects'; remote: string; progress: TransferProgress }
  | { part: 'records'; kind: RecordKind; done: number; total: number };

/** A part not done at all (no remote, no team store configured), and why. */
export type Skipped = { skipped: string };

export interface ObjectsPart {
  remote: string;
  location: string;
  /** Objects the refs need (everything by default) that this sync considered. */
  needed: number;
  report: TransferReport;
}

export interface SyncReport<R> {
  objects: ObjectsPart | Skipped;
  records: (R & { team: string }) | Skipped;
}

export type PushReport = SyncReport<RecordPushReport>;
export type PullReport = SyncReport<RecordPullReport>;

// A done records part has a `skipped` too (records left out, an array): only a string means not done.
export const isSkipped = (p: object): p is Skipped => typeof (p as { skipped?: unknown }).skipped === 'string';

/**
 * A sync cancelled (Ctrl+C, VS Code's Cancel): what had completed before, so the user knows what a
 * rerun still has to do. Everything completed stays (objects are settled one by one, record batches
 * commit one by one); nothing is half-written.
 */
export class SyncCancelledError extends Error {
  /** completed: "while uploading objects: 3 of 40 done; completed before: ..." */
  constructor(readonly completed: string) {
    super(`cancelled ${completed}`);
  }
}
