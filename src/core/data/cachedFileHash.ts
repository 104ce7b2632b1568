import type { Store } from '../store/store';
import { statFile } from './fileStat';
import { hashStable, snapshotFile, type Snapshot } from './fileSnapshot';
import { hasObject } from './objectCache';
import { cachedHash, rememberHash } from './statCache';
import { toRel } from './workspacePaths';

export interface FileHashOptions {
  /** Store the content as an object (versioning) or only hash it (status). */
  storeObject: boolean;
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number) => void;
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
  const known = cachedHash(store, rel, st);
  if (known && (!opts.storeObject || hasObject(workspaceRoot, known))) {
    return { hash: known, size: Number(st.size), mtimeMs: Number(st.mtimeNs / 1_000_000n), mode: st.mode, read: false };
  }
  let snap: Snapshot | undefined;
  if (opts.storeObject) snap = await snapshotFile(workspaceRoot, abs, { store, signal: opts.signal, onProgress: opts.onProgress });
  else snap = await hashStable(abs, { signal: opts.signal, onProgress: opts.onProgress });
  if (!snap) return undefined;
  rememberHash(store, rel, snap.stat, snap.hash, snap.readStartMs);
  return { hash: snap.hash, size: snap.size, mtimeMs: Number(snap.stat.mtimeNs / 1_000_000n), mode: snap.stat.mode, read: true };
}
