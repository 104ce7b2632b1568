// The contract of the team store (docs/teams.md): a shared PostgreSQL database (schema "mlops",
// serverMigrations.ts) that push sends this workspace's records to and pull reads teammates' from.
// The local store stays the offline source of truth; the conflict rules are in serverMigrations.ts
// and docs/teams.md.

/** No team store configured, or a database URL that cannot be used (a password in mlops.json): exit 2. */
export class TeamConfigError extends Error {}

/** The database refused for lack of a role (SQLSTATE 42501): names the role needed. The CLI exits 1. */
export class TeamAccessError extends Error {
  constructor(
    message: string,
    readonly needed: 'mlops_reader' | 'mlops_writer' | 'mlops_release',
  ) {
    super(message);
  }
}

/** The same global id pushed with different content (a run id, a version uid): exit 1, nothing written. */
export class TeamConflictError extends Error {
  constructor(
    message: string,
    readonly kind: RecordKind,
    readonly key: string,
  ) {
    super(message);
  }
}

/** A teammate moved the alias first: the compare-and-swap found another version. */
export interface AliasConflict {
  model: string;
  alias: string;
  /** What this workspace expected the alias to hold, and wanted it to hold. */
  expectedNumber: number | null;
  wantedNumber: number | null;
  /** What the team store holds, who moved it there and when (ms). */
  heldNumber: number | null;
  movedBy: string;
  movedAt: number;
}

export type RecordKind = 'run' | 'pipeline_run' | 'dataset_version' | 'model_version' | 'alias_event' | 'audit' | 'drift_check';

export type RecordCounts = Record<RecordKind, number>;

export interface PushProgress {
  kind: RecordKind;
  done: number;
  total: number;
}

export interface RecordPushReport {
  /** Records sent by this push (already on the team store with the same digest: not counted). */
  pushed: RecordCounts;
  /** Local provisional numbers the team store replaced: "train.csv v3 (local) is now v5". */
  renumbered: { kind: 'dataset_version' | 'model_version'; ref: string; from: number; to: number }[];
  aliasConflicts: AliasConflict[];
  /** Records that could not go (a run still running, a version whose object the remote lacks): why. */
  skipped: { kind: RecordKind; key: string; reason: string }[];
}

export interface RecordPullReport {
  /** Records brought into the local store by this pull, by kind (teammates' and updates). */
  pulled: RecordCounts;
  /** The server's change sequence reached; the next pull starts after it. */
  seq: number;
  /** Local unshared versions moved aside because a teammate's version took their number. */
  renumbered: { kind: 'dataset_version' | 'model_version'; ref: string; from: number; to: number }[];
}

export interface TeamStatus {
  team: string;
  /** Records here that the team store lacks (or whose tags changed), by kind. */
  ahead: RecordCounts;
  /** Changes on the team store after the last pull. */
  behind: number;
  pulledAt?: number;
  pushedAt?: number;
}

export function emptyCounts(): RecordCounts {
  return { run: 0, pipeline_run: 0, dataset_version: 0, model_version: 0, alias_event: 0, audit: 0, drift_check: 0 };
}
