// Downloading a model version's artifact out of the object cache: a file, or a folder rebuilt from
// its directory manifest, every file's bytes checked against its hash before it is in place.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readManifest } from '../data/directoryManifest';
import { commitStaged, discardStaged, placeObject, stageObject, type StagedObject } from '../data/placeObject';
import type { Store } from '../store/store';
import { formatModelRef } from './modelRef';
import { resolveModelRef } from './modelVersions';
import { RegistryError } from './types';
import { loadConfig } from '../config/loadConfig';
import type { MlopsConfig } from '../config/types';
import { ensureVersionObjects } from '../remote/fetchObject';
import type { TransferProgress } from '../remote/types';

export interface DownloadOptions {
  /** mlops.json's config (read from the workspace when absent): its default remote fetches an artifact not here. */
  config?: MlopsConfig;
  signal?: AbortSignal;
  onProgress?: (p: TransferProgress) => void;
}

/**
 * Places the artifact of `ref` at `to` (resolved against the current folder, as the user typed it;
 * anywhere, the workspace included) and returns the path written. `to` must not exist, or be an
 * empty folder: a folder artifact fills it, a file artifact goes into it under its own name.
 * Copies are writable (never links into the cache, which an edit would corrupt).
 */
export async function downloadModelVersion(store: Store, ref: string, to: string, opts: DownloadOptions = {}): Promise<string> {
  const v = resolveModelRef(store, ref);
  const name = formatModelRef(v.model, v.version);
  let dest = path.resolve(to);
  const emptyFolder = isEmptyFolder(dest);
  if (fs.existsSync(dest) && !emptyFolder) {
    throw new RegistryError(`${to} already exists: give --to a path that does not exist yet, or an empty folder (nothing is overwritten).`);
  }
  const what = `Downloading ${name}`;
  // An artifact only on the team's remote (a teammate's version) is fetched, verified, first.
  await ensureVersionObjects(store, store.root, opts.config ?? loadConfig(store.root).config, v.artifact.hash, v.artifact.kind, { what, signal: opts.signal, onProgress: opts.onProgress });
  if (v.artifact.kind === 'file') {
    if (emptyFolder) dest = path.join(dest, path.basename(v.artifact.path) || `${v.model}-${v.version}`);
    await placeObject(store.root, v.artifact.hash, dest, 'reflink', 0o644, { store, what });
    return dest;
  }
  const entries = readManifest(store.root, v.artifact.hash, { store, what });
  // Built in a temp folder beside `dest`, then renamed into place: `dest` never holds half a model.
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.mlops-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const staged: StagedObject[] = [];
    try {
      for (const e of entries) staged.push(await stageObject(store.root, e.sha256, path.join(tmp, ...e.path.split('/')), 'reflink', 0o644, { store, what: `${what}: ${e.path}` }));
    } catch (err) {
      await discardStaged(staged);
      throw err;
    }
    await commitStaged(staged);
    if (emptyFolder) fs.rmdirSync(dest);
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return dest;
}

function isEmptyFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory() && fs.readdirSync(p).length === 0;
  } catch {
    return false;
  }
}
