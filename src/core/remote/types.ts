// The contract of object remotes (docs/teams.md, "Remotes"): where a team's objects live, keyed by
// SHA-256 exactly like .mlops/objects (<prefix>/objects/ab/cdef...), so an upload is idempotent and
// the same bytes are stored once for the whole team. Two kinds: S3 (AWS SDK v3, credentials from
// its standard chain, never from mlops.json) and a shared folder (temp file + rename).

/** Thrown for a remote mlops.json names wrongly or not at all: the CLI exits 2 with its message. */
export class RemoteConfigError extends Error {}

/** A remote that refused or failed an operation (unreachable, access denied): names the remote and the fix. */
export class RemoteAccessError extends Error {}

export interface RemoteObjectInfo {
  hash: string;
  size: number;
}

export interface TransferOptions {
  signal?: AbortSignal;
}

/** One remote, opened from its config. Implementations: folderRemote.ts, s3Remote.ts. */
export interface ObjectRemote {
  /** The key under "remotes" in mlops.json. */
  readonly name: string;
  /** What users see: s3://bucket/prefix or the folder's absolute path (never a credential). */
  readonly location: string;
  readonly kind: 's3' | 'folder';
  /** Which of these hashes the remote holds (HEAD / stat, bounded concurrency). */
  has(hashes: readonly string[], opts?: TransferOptions): Promise<Set<string>>;
  /** Every object the remote holds, page by page. */
  list(opts?: TransferOptions): AsyncIterable<RemoteObjectInfo>;
  /** Uploads the file as the object `hash`; it never appears half-written under its final key. */
  put(hash: string, file: string, size: number, opts?: TransferOptions): Promise<void>;
  /** Downloads object `hash` into `dest` (a temp file the caller verifies and settles). */
  get(hash: string, dest: string, opts?: TransferOptions): Promise<void>;
  close(): void;
}

/** Progress of a push or pull of objects, reported at most every 100 ms and at the end. */
export interface TransferProgress {
  phase: 'checking' | 'uploading' | 'downloading';
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface TransferReport {
  /** Objects moved by this call, and their bytes. */
  transferred: number;
  bytes: number;
  /** Objects the other side already had. */
  present: number;
  /** Objects that could not move (the transfer goes on with the rest), and why. */
  failed: { hash: string; message: string }[];
}

export interface RemoteStatus {
  remote: string;
  location: string;
  /** What the named refs need (everything by default) and is here but not on the remote. */
  toPush: { count: number; bytes: number };
  /** What the records here name and is on the remote but not in .mlops/objects. */
  toPull: { count: number; bytes: number };
  /** Needed by a record here, and neither here nor on the remote (lost unless a teammate pushes it). */
  missingEverywhere: { count: number; hashes: string[] };
}
