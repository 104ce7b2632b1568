import type { Store } from '../store/store';
import { sha256Bytes } from './hashFile';
import { cachedFileHash, type FileHashOptions } from './cachedFileHash';
import { ObjectBatch } from './objectBatch';
import { putBytes, readObject } from './objectCache';
import { statCacheUnder } from './statCache';
import { assertInsideWorkspace, toRel, walkFileEntries } from './workspacePaths';

/** One file of a versioned folder; `path` is relative to the folder, '/'-separated. */
export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface DirectoryManifest {
  /** SHA-256 of the manifest text: the folder's version hash. */
  hash: string;
  text: string;
  entries: ManifestEntry[];
  /** Sum of the files' sizes. */
  size: number;
  /** Content bytes read (files the stat cache could not answer for). */
  bytesRead: number;
}

/** One JSON object per line, sorted by path: the same folder always gives the same text and hash. */
export function manifestText(entries: ManifestEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return sorted.map((e) => JSON.stringify({ path: e.path, size: e.size, sha256: e.sha256 }) + '\n').join('');
}

export function parseManifest(text: string): ManifestEntry[] {
  return text
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l) as ManifestEntry);
}

/** A folder version's file list; its object is checked against its hash like every object read (see readObject). */
export function readManifest(workspaceRoot: string, hash: string, opts: { store?: Store; what?: string } = {}): ManifestEntry[] {
  return parseManifest(readObject(workspaceRoot, hash, opts).toString('utf8'));
}

/**
 * The manifest of folder `dir`: every file hashed through the stat cache (and stored as an object
 * when storing). Storing also stores the manifest itself as an object and records which objects it
 * refers to, so gc keeps them. Undefined when, only hashing, a file changed while it was read.
 */
export async function buildManifest(store: Store, workspaceRoot: string, dir: string, opts: FileHashOptions): Promise<DirectoryManifest | undefined> {
  const entries: ManifestEntry[] = [];
  let bytesRead = 0;
  // Storing, small files share a sync per batch; all are durable before the manifest names them.
  const batch = opts.storeObject ? new ObjectBatch(workspaceRoot, store, opts.signal) : undefined;
  try {
    // The folder is checked once; a plain file found walking it (ignored folders such as .mlops
    // and symlinked folders are not entered) lies inside it. A file symlink may point out of the
    // workspace or into .mlops: refused as the folder itself would be.
    assertInsideWorkspace(workspaceRoot, dir, toRel(workspaceRoot, dir));
    const statRows = statCacheUnder(store, toRel(workspaceRoot, dir));
    for (const { path: abs, rel, symlink } of walkFileEntries(dir)) {
      opts.signal?.throwIfAborted();
      if (symlink) assertInsideWorkspace(workspaceRoot, abs, `${toRel(workspaceRoot, abs)} (in folder ${toRel(workspaceRoot, dir)})`);
      const h = await cachedFileHash(store, workspaceRoot, abs, { ...opts, batch, statRows });
      if (!h) return undefined;
      if (h.read) bytesRead += h.size;
      entries.push({ path: rel, size: h.size, sha256: h.hash });
    }
    await batch?.flush();
  } finally {
    batch?.discard();
  }
  const text = manifestText(entries);
  const size = entries.reduce((s, e) => s + e.size, 0);
  if (!opts.storeObject) return { hash: sha256Bytes(text), text, entries, size, bytesRead };
  const { hash } = putBytes(workspaceRoot, text, store);
  const link = store.db.prepare('INSERT OR IGNORE INTO object_refs (parent, child) VALUES (?, ?)');
  store.transaction(() => {
    for (const e of entries) link.run(hash, e.sha256);
  });
  return { hash, text, entries, size, bytesRead };
}
