// The artifact a new model version holds: a file or folder in the workspace, or one the source run
// stored, placed in the object cache (a folder as a directory manifest, as folder datasets are).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildManifest } from '../data/directoryManifest';
import { hasObject, putFile } from '../data/objectCache';
import { assertInsideWorkspace, OutsideWorkspaceError, toRel } from '../data/workspacePaths';
import type { Store } from '../store/store';
import { getArtifacts, type RunArtifact } from '../tracking/runRecords';
import { RegistryError, type ModelVersion } from './types';

export type StoredArtifact = ModelVersion['artifact'];

/**
 * Stores the artifact and describes it. `artifact` is absolute or workspace-relative; a path the run
 * stored as an artifact is taken from the object cache (the run's bytes, even when the file has been
 * rewritten since). Without `artifact`, the run's only stored artifact.
 */
export async function storeModelArtifact(store: Store, runId: string, artifact: string | undefined): Promise<StoredArtifact> {
  const root = store.root;
  const stored = getArtifacts(store, runId).filter((a) => a.hash !== '' && hasObject(root, a.hash));
  if (artifact === undefined) return onlyArtifact(runId, stored);
  const abs = path.resolve(root, artifact);
  const rel = toRel(root, abs);
  // Named as the workspace knows it when inside (the CLI passes absolute paths), else as given.
  const shown = rel.startsWith('..') || path.isAbsolute(rel) ? artifact : rel;
  const fromRun = stored.find((a) => a.path === rel || a.path === abs);
  if (fromRun) return { hash: fromRun.hash, path: fromRun.path, kind: 'file', size: fromRun.size };
  await insideWorkspace(() => assertInsideWorkspace(root, abs, `The artifact ${shown}`));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new RegistryError(
      `The artifact ${shown} does not exist${stored.length ? `; the run stored ${stored.map((a) => a.path).join(', ')}` : ', and the run stored no artifact'}: give an existing file or folder with --artifact.`,
    );
  }
  if (stat.isFile()) {
    const o = await putFile(root, abs, store);
    return { hash: o.hash, path: rel, kind: 'file', size: o.size };
  }
  if (stat.isDirectory()) {
    // A symlink inside the folder may point out of the workspace: refused as the folder would be.
    const m = await insideWorkspace(() => buildManifest(store, root, abs, { storeObject: true }));
    if (!m) throw new RegistryError(`The folder ${shown} changed while it was read: register it again once it is written.`);
    if (!m.entries.length) throw new RegistryError(`The folder ${shown} holds no file: a model version needs something to hold.`);
    return { hash: m.hash, path: rel, kind: 'directory', size: m.size };
  }
  throw new RegistryError(`The artifact ${shown} is neither a file nor a folder.`);
}

/** Runs `fn`, turning a path outside the workspace (or into .mlops) into a RegistryError. */
async function insideWorkspace<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof OutsideWorkspaceError) throw new RegistryError(err.message.replace('can be versioned', 'can be registered'));
    throw err;
  }
}

function onlyArtifact(runId: string, stored: RunArtifact[]): StoredArtifact {
  if (stored.length === 1) return { hash: stored[0].hash, path: stored[0].path, kind: 'file', size: stored[0].size };
  if (!stored.length) throw new RegistryError(`Run ${runId} stored no artifact: name the file or folder to register with --artifact PATH.`);
  throw new RegistryError(`Run ${runId} stored ${stored.length} artifacts (${stored.map((a) => a.path).join(', ')}): name the one to register with --artifact PATH.`);
}
