// A folder's content hash from its files' stats alone, for hashing without storing (the no-op
// repro, pipeline status): one digest over every file's relative path and stat. When it equals the
// digest recorded the last time the folder was hashed, the recorded manifest hash stands, with no
// per-file lookup in the stat cache and no manifest text to rebuild. A folder is recorded only when
// every file was older than the racy window (as the stat cache trusts an entry), so a later write
// in the same timestamp tick cannot leave its stat unchanged.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { Store } from '../store/store';
import type { FileHashOptions } from './cachedFileHash';
import { buildManifest } from './directoryManifest';
import { RACY_WINDOW_NS } from './statCache';
import { assertInsideWorkspace, toRel, walkFileEntries } from './workspacePaths';

export interface FolderStamp {
  /** SHA-256 over each file's path under the folder and its stat, in walk order. */
  digest: string;
  files: number;
  /** Every file's mtime is older than the racy window before the walk began. */
  settled: boolean;
}

/**
 * Walks `dir` (absolute) as buildManifest does and digests what each file's stat says. A file
 * symlink is checked to stay inside the workspace each time, as buildManifest checks it.
 */
export function stampFolder(workspaceRoot: string, dir: string): FolderStamp {
  const settledBefore = BigInt(Date.now()) * 1_000_000n - RACY_WINDOW_NS;
  const entries = walkFileEntries(dir);
  let text = '';
  let settled = true;
  for (const e of entries) {
    if (e.symlink) assertInsideWorkspace(workspaceRoot, e.path, `${toRel(workspaceRoot, e.path)} (in folder ${toRel(workspaceRoot, dir)})`);
    const st = fs.statSync(e.path, { bigint: true });
    if (st.mtimeNs > settledBefore) settled = false;
    text += `${e.rel}\0${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}\n`;
  }
  return { digest: createHash('sha256').update(text).digest('hex'), files: entries.length, settled };
}

/** The folder's recorded manifest hash and size, if its files still have the stats they were hashed at. */
export function recordedFolder(store: Store, relDir: string, stamp: FolderStamp): { hash: string; size: number } | undefined {
  const row = store.statement('SELECT hash, size FROM folder_stamps WHERE path = ? AND stamps = ?').get<{ hash: string; size: number | bigint }>(relDir, stamp.digest);
  return row && { hash: row.hash, size: Number(row.size) };
}

/** Records what a settled folder hashed to; an unsettled one forgets its row (the next walk hashes again). */
export function recordFolder(store: Store, relDir: string, stamp: FolderStamp, manifest: { hash: string; size: number }): void {
  if (!stamp.settled) {
    store.statement('DELETE FROM folder_stamps WHERE path = ?').run(relDir);
    return;
  }
  store
    .statement('INSERT OR REPLACE INTO folder_stamps (path, stamps, hash, size, files) VALUES (?, ?, ?, ?, ?)')
    .run(relDir, stamp.digest, manifest.hash, manifest.size, stamp.files);
}

/**
 * The folder's content hash (its manifest's SHA-256) and size without storing anything: from the
 * recorded stamp when every file's stat is unchanged, else through buildManifest (the stat cache
 * per file). Undefined when a file changed while it was read.
 */
export async function hashFolder(
  store: Store,
  workspaceRoot: string,
  dir: string,
  opts: Pick<FileHashOptions, 'signal' | 'offThreadBytes'> = {},
): Promise<{ hash: string; size: number; bytesRead: number } | undefined> {
  const relDir = toRel(workspaceRoot, dir);
  assertInsideWorkspace(workspaceRoot, dir, relDir);
  opts.signal?.throwIfAborted();
  const before = stampFolder(workspaceRoot, dir);
  const known = recordedFolder(store, relDir, before);
  if (known) return { ...known, bytesRead: 0 };
  const m = await buildManifest(store, workspaceRoot, dir, { storeObject: false, ...opts });
  if (!m) return undefined;
  // Recorded only if no file changed while the manifest was built: the stamp must be of what was hashed.
  if (stampFolder(workspaceRoot, dir).digest === before.digest) recordFolder(store, relDir, before, m);
  return { hash: m.hash, size: m.size, bytesRead: m.bytesRead };
}
