import type { Store } from '../store/store';
import { runInWorker } from '../worker/runInWorker';
import { statFile } from './fileStat';
import { contentReads, hashStable, snapshotFile, type Snapshot } from './fileSnapshot';
import { BATCH_FILE_BYTES, type ObjectBatch } from './objectBatch';
import { hasObject, recordObject } from './objectCache';
import { cachedHash, cachedHashIn, rememberHash, type StatCacheRows } from './statCache';
import { toRel } from './workspacePaths';

export interface FileHashOptions {
  /** Store the content as an object (versioning) or only hash it (status). */
  storeObject: boolean;
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number) => void;
  /**
   * Files of at least this many bytes are read on a worker thread, so the caller's event loop stays
   * free (the extension host passes it: its thread serves the whole UI). Unset: always in-thread,
   * which the CLI keeps: nothing else waits on its event loop, and it spares a worker's start-up.
   */
  offThreadBytes?: number;
  /**
   * When storing, small files go into this batch (one sync for many files) instead of a snapshot of
   * their own each; their objects exist only once the caller has flushed it.
   */
  batch?: ObjectBatch;
  /** The stat cache's entries for the folder being walked (statCacheUnder), instead of a query per file. */
  statRows?: StatCacheRows;
}

export interface FileHash {
  hash: string;
  size: number;
  mtimeMs: number;
  mode: number;
  /** False when the stat cache answered without reading the file. */
  read: boolean;
}

/**
 * A workspace file's SHA-256 through the stat cache: an unchanged stat answers without reading a
 * byte (when storing, only if the object is still in the cache). Undefined when, only hashing, the
 * file changed while it was read.
 */
export async function cachedFileHash(store: Store, workspaceRoot: string, abs: string, opts: FileHashOptions): Promise<FileHash | undefined> {
  const rel = toRel(workspaceRoot, abs);
  const st = statFile(abs);
  const known = opts.statRows ? cachedHashIn(opts.statRows, rel, st) : cachedHash(store, rel, st);
  if (known && (!opts.storeObject || hasObject(workspaceRoot, known))) {
    return { hash: known, size: Number(st.size), mtimeMs: Number(st.mtimeNs / 1_000_000n), mode: st.mode, read: false };
  }
  if (opts.storeObject && opts.batch && Number(st.size) <= BATCH_FILE_BYTES) {
    // Recorded (object and stat cache) when the batch is flushed.
    const s = await opts.batch.add(abs);
    return { hash: s.hash, size: s.size, mtimeMs: Number(s.stat.mtimeNs / 1_000_000n), mode: s.stat.mode, read: true };
  }
  const snap = await readFile(workspaceRoot, abs, opts, opts.offThreadBytes !== undefined && Number(st.size) >= opts.offThreadBytes);
  if (!snap) return undefined;
  // The object is recorded here for both paths: a worker has no store connection.
  if (opts.storeObject) recordObject(store, snap.hash, snap.size);
  rememberHash(store, rel, snap.stat, snap.hash, snap.readStartMs);
  return { hash: snap.hash, size: snap.size, mtimeMs: Number(snap.stat.mtimeNs / 1_000_000n), mode: snap.stat.mode, read: true };
}

/** Snapshots (storing) or hashes the file, on this thread or a worker's; same checks either way. */
async function readFile(workspaceRoot: string, abs: string, opts: FileHashOptions, offThread: boolean): Promise<Snapshot | undefined> {
  const { signal, onProgress } = opts;
  if (!offThread) return opts.storeObject ? snapshotFile(workspaceRoot, abs, { signal, onProgress }) : hashStable(abs, { signal, onProgress });
  const snap = opts.storeObject
    ? await runInWorker('snapshot', { workspaceRoot, file: abs }, { signal, onProgress })
    : await runInWorker('hash', { file: abs }, { signal, onProgress });
  // The worker counted its reads in its own module instance; this process read them all the same.
  if (snap) {
    contentReads.bytes += snap.size;
    contentReads.files++;
  }
  return snap;
}
