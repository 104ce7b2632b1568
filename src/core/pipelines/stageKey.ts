// A stage's key: what decides whether its last execution (or a cached one) still stands for it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalJson } from '../audit/canonicalJson';
import { cachedFileHash } from '../data/cachedFileHash';
import { manifestText, type ManifestEntry } from '../data/directoryManifest';
import { hashFolder } from '../data/folderStamps';
import { assertInsideWorkspace, globMatches, isGlobIn } from '../data/workspacePaths';
import { sha256Bytes } from '../data/hashFile';
import type { Store } from '../store/store';
import type { PathHash, StageSpec } from './types';

/** signal stops the hashing; files of at least offThreadBytes are read on a worker (the extension host passes it: see FileHashOptions). */
export interface HashOptions {
  signal?: AbortSignal;
  offThreadBytes?: number;
}

export interface DepHashes {
  /** The dependencies that exist, in the stage's order. */
  deps: PathHash[];
  /** Workspace-relative dependency paths with nothing on disk. */
  missing: string[];
  /** Content bytes read: files the stat cache could not answer for. */
  bytesRead: number;
}

/**
 * Hashes a workspace file or folder without storing it: through the stat cache, so an unchanged
 * file is not read. Undefined when nothing is there. A file rewritten while it was read is an error
 * (its hash would be of neither content).
 */
export async function hashPath(store: Store, workspaceRoot: string, rel: string, opts: HashOptions = {}): Promise<{ hash: PathHash; bytesRead: number } | undefined> {
  if (isGlobIn(workspaceRoot, rel)) return hashGlob(store, workspaceRoot, rel, opts);
  const abs = path.resolve(workspaceRoot, rel);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
  if (st.isDirectory()) {
    const m = await hashFolder(store, workspaceRoot, abs, { signal: opts.signal, offThreadBytes: opts.offThreadBytes });
    if (!m) throw changedWhileRead(rel);
    return { hash: { path: rel, kind: 'dir', hash: m.hash, size: m.size }, bytesRead: m.bytesRead };
  }
  const h = await cachedFileHash(store, workspaceRoot, abs, { storeObject: false, signal: opts.signal, offThreadBytes: opts.offThreadBytes });
  if (!h) throw changedWhileRead(rel);
  return { hash: { path: rel, kind: 'file', hash: h.hash, size: h.size }, bytesRead: h.read ? h.size : 0 };
}

/**
 * A pattern (`incoming/*.csv`, a dataset of batches) hashes as the set of files it matches: a
 * manifest of their workspace-relative paths, sizes and hashes, like a folder's (kind 'dir'), so a
 * new, changed or removed match changes it. Matching nothing is a state of its own (the empty
 * manifest), not a missing dependency: the folder may simply hold no batch yet.
 */
async function hashGlob(store: Store, workspaceRoot: string, rel: string, opts: HashOptions): Promise<{ hash: PathHash; bytesRead: number }> {
  const entries: ManifestEntry[] = [];
  let bytesRead = 0;
  for (const file of globMatches(workspaceRoot, rel)) {
    opts.signal?.throwIfAborted();
    const abs = path.resolve(workspaceRoot, file);
    assertInsideWorkspace(workspaceRoot, abs, `${file} (a match of ${rel})`);
    const h = await cachedFileHash(store, workspaceRoot, abs, { storeObject: false, signal: opts.signal, offThreadBytes: opts.offThreadBytes });
    if (!h) throw changedWhileRead(file);
    if (h.read) bytesRead += h.size;
    entries.push({ path: file, size: h.size, sha256: h.hash });
  }
  const size = entries.reduce((n, e) => n + e.size, 0);
  return { hash: { path: rel, kind: 'dir', hash: sha256Bytes(manifestText(entries)), size }, bytesRead };
}

const changedWhileRead = (rel: string) => new Error(`${rel} changed while it was read. Try again once it is written.`);

/** Every dependency of the stage hashed (stat cache first); missing ones listed, not thrown. */
export async function hashDeps(store: Store, workspaceRoot: string, stage: StageSpec, opts: HashOptions = {}): Promise<DepHashes> {
  const result: DepHashes = { deps: [], missing: [], bytesRead: 0 };
  for (const rel of stage.depPaths) {
    opts.signal?.throwIfAborted();
    const h = await hashPath(store, workspaceRoot, rel, opts);
    if (!h) {
      result.missing.push(rel);
      continue;
    }
    result.deps.push(h.hash);
    result.bytesRead += h.bytesRead;
  }
  return result;
}

/**
 * SHA-256 of the RFC 8785 canonical JSON of what the stage's execution depends on: the command after
 * ${params.*} substitution, its cwd, params and extra env (they change what the command does), each
 * dependency's path and content hash (sorted: order in mlops.json does not matter), the declared
 * outs and metrics file (another out list is another execution's result). The description and the
 * prices are not in it: editing them changes nothing the stage produces. Sizes are left out: the
 * hash already says the content.
 */
export function stageKey(stage: StageSpec, deps: PathHash[]): string {
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return sha256Bytes(
    canonicalJson({
      command: stage.command,
      cwd: stage.cwd,
      params: stage.params,
      env: stage.env ?? {},
      deps: deps.map((d) => ({ path: d.path, hash: d.hash })).sort(byPath),
      outs: [...stage.outs].sort(),
      metrics: stage.metrics ?? null,
    }),
  );
}
