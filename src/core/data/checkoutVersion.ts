import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlopsConfig } from '../config/types';
import { auditDatasetRestored, auditDatasetVersioned } from '../audit/datasetEvents';
import type { Store } from '../store/store';
import { cachedFileHash, type FileHashOptions } from './cachedFileHash';
import { addVersion, listVersions, type DatasetVersion } from './datasetVersions';
import { buildManifest, readManifest } from './directoryManifest';
import { statFile, statIfExists } from './fileStat';
import { commitStaged, discardStaged, stageObject, type StagedObject } from './placeObject';
import { rememberHash } from './statCache';
import { assertInsideWorkspace, toRel, walkFiles } from './workspacePaths';
import { ensureVersionObjects } from '../remote/fetchObject';

export interface CheckoutResult {
  /** The version written back. */
  target: DatasetVersion;
  /** The working content, versioned first because no version held it (so nothing is lost). */
  saved?: DatasetVersion;
  /** The restore, recorded as the item's newest version (absent when it already was the latest). */
  recorded?: DatasetVersion;
  /** The working file already held exactly this content: nothing was written. */
  unchanged: boolean;
}

/**
 * Writes a version back to its place atomically (temp file + rename, the file's mode kept), the copy
 * off this thread (placeObject: a big restore leaves the extension host responsive). Every byte
 * written is hashed first: a corrupted object is quarantined and refused (CorruptObjectError) with
 * the working file or folder as it was and nothing recorded; a folder's files are all staged and
 * checked before any is replaced. The current content is versioned first (source "restore") unless a
 * version already holds it, and the restore itself is recorded as a new version, so the history
 * shows it and status reads "clean".
 */
export async function checkoutVersion(
  store: Store,
  workspaceRoot: string,
  config: MlopsConfig,
  target: DatasetVersion,
  /** onFetch: bytes fetched from the remote (a version only there), so a face can say which step it reports; else onProgress. */
  opts: Pick<FileHashOptions, 'signal' | 'onProgress' | 'offThreadBytes'> & { onFetch?: (bytes: number, total: number) => void } = {},
): Promise<CheckoutResult> {
  const abs = path.resolve(workspaceRoot, target.item);
  const what = `Dataset "${target.dataset}" item ${target.item}`;
  assertInsideWorkspace(workspaceRoot, abs, what);
  const declaredPath = config.datasets[target.dataset]?.path ?? target.item;
  const link = config.cache?.link ?? 'reflink';
  const known = new Set(listVersions(store, target.dataset, target.item).map((v) => v.hash));
  const base = { dataset: target.dataset, declaredPath, item: target.item, kind: target.kind, source: 'restore' as const };
  const restoring = `Restoring ${target.dataset}@${target.version} to ${target.item}`;
  const check = { store, signal: opts.signal, offThreadBytes: opts.offThreadBytes };

  let current: { hash: string; size: number } | undefined;
  if (fs.existsSync(abs)) {
    if (target.kind === 'directory') {
      current = await buildManifest(store, workspaceRoot, abs, { ...opts, storeObject: true });
    } else {
      current = await cachedFileHash(store, workspaceRoot, abs, { ...opts, storeObject: true });
    }
    if (!current) throw new Error(`${target.item} changed while it was read; nothing was restored. Try again once it is written.`);
  }
  if (current?.hash === target.hash) return { target, unchanged: true };
  // A version only a teammate's push put on the remote: fetched (verified) before anything is staged.
  await ensureVersionObjects(store, workspaceRoot, config, target.hash, target.kind, { signal: opts.signal, what: restoring, onProgress: (p) => (opts.onFetch ?? opts.onProgress)?.(p.bytesDone, p.bytesTotal) });

  // Everything to write, checked against its hash, before anything is recorded or replaced.
  const staged: StagedObject[] = [];
  const placed: { dest: string; hash: string }[] = [];
  try {
    if (target.kind === 'directory') {
      const entries = readManifest(workspaceRoot, target.hash, { store, what: restoring });
      for (const e of entries) {
        const dest = path.join(abs, ...e.path.split('/'));
        assertInsideWorkspace(workspaceRoot, dest, what);
        const st = statIfExists(dest);
        staged.push(await stageObject(workspaceRoot, e.sha256, dest, link, st?.mode ?? 0o644, { ...check, what: `${restoring} (file ${e.path})` }));
        placed.push({ dest, hash: e.sha256 });
      }
    } else {
      const st = statIfExists(abs);
      staged.push(await stageObject(workspaceRoot, target.hash, abs, link, st?.mode ?? 0o644, { ...check, what: restoring }));
      placed.push({ dest: abs, hash: target.hash });
    }
  } catch (err) {
    await discardStaged(staged);
    throw err;
  }

  let saved: DatasetVersion | undefined;
  if (current && !known.has(current.hash)) {
    saved = store.transaction(() => {
      const r = addVersion(store, { ...base, hash: current.hash, size: current.size, note: `saved before restoring version ${target.version}` });
      auditDatasetVersioned(store, target.dataset, r.created ? [r.version] : [], 'restore');
      return r.version;
    });
  }
  await commitStaged(staged);
  for (const p of placed) rememberHash(store, toRel(workspaceRoot, p.dest), statFile(p.dest), p.hash);
  // Files the version did not have go; their content is in the version saved above.
  if (target.kind === 'directory' && fs.existsSync(abs)) {
    const keep = new Set(placed.map((p) => p.dest));
    for (const f of walkFiles(abs)) if (!keep.has(f)) fs.rmSync(f);
  }
  const { version, created } = store.transaction(() => {
    const r = addVersion(store, { ...base, hash: target.hash, size: target.size, note: `restored version ${target.version}` });
    auditDatasetRestored(store, target, r.created ? r.version : undefined, saved);
    return r;
  });
  return { target, saved, recorded: created ? version : undefined, unchanged: false };
}
