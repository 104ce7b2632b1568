// On-demand fetch: a restore or a model download whose object exists only on the team's remote (a
// teammate's version, pulled as a record) fetches it first, verified like any pull. Without a remote
// the missing-object error stays, with the hint to configure one and pull.
import type { MlopsConfig } from '../config/types';
import { readManifest } from '../data/directoryManifest';
import { hasObject } from '../data/objectCache';
import { missingObject, MissingObjectError } from '../data/objectQuarantine';
import type { Store } from '../store/store';
import { resolveRemote } from './openRemote';
import { pullObjects } from './pullObjects';
import type { ObjectTransferOptions } from './pushObjects';
import { RemoteAccessError, RemoteConfigError, type ObjectRemote } from './types';

export interface EnsureOptions extends ObjectTransferOptions {
  /** What needs the objects, for errors: "Restoring train@3 to data/train.csv". */
  what?: string;
}

const NO_REMOTE_HINT = 'If a teammate pushed it, add their remote to mlops.json ("remotes": {"team": {"url": "s3://bucket/prefix"}}) and run `mlops pull`.';

/**
 * Fetches from the default remote whichever of `hashes` .mlops/objects lacks; returns how many were
 * fetched. An object neither here nor on the remote is a MissingObjectError saying where it was looked for.
 */
export async function ensureObjects(store: Store, root: string, config: MlopsConfig, hashes: Iterable<string>, opts: EnsureOptions = {}): Promise<number> {
  const missing = new Map<string, number>();
  for (const h of hashes) if (!hasObject(root, h)) missing.set(h, 0);
  if (!missing.size) return 0;
  const what = opts.what ?? 'Reading objects';
  const first = [...missing.keys()][0];
  let remote: ObjectRemote;
  try {
    remote = resolveRemote(root, config);
  } catch (err) {
    if (!(err instanceof RemoteConfigError)) throw err;
    const why = Object.keys(config.remotes ?? {}).length ? ` No remote to fetch it from: ${err.message}` : ` ${NO_REMOTE_HINT}`;
    throw new MissingObjectError(missingObject(first, what).message + why);
  }
  try {
    const report = await pullObjects(store, root, remote, missing, opts);
    if (report.failed.length) {
      const f = report.failed[0];
      const absent = /has no object/.test(f.message);
      if (absent) throw new MissingObjectError(`${what}: the object ${f.hash.slice(0, 12)} is neither in .mlops/objects nor on remote "${remote.name}" (${remote.location}): push it from the workspace that versioned it (\`mlops push\`), then try again.`);
      throw new RemoteAccessError(`${what}: ${f.message}`);
    }
    return report.transferred;
  } finally {
    remote.close();
  }
}

/**
 * ensureObjects for a dataset or model version's content: its object, and for a folder the files
 * its manifest lists (known only once the manifest itself is here).
 */
export async function ensureVersionObjects(store: Store, root: string, config: MlopsConfig, hash: string, kind: 'file' | 'directory', opts: EnsureOptions = {}): Promise<number> {
  let n = await ensureObjects(store, root, config, [hash], opts);
  if (kind === 'directory') n += await ensureObjects(store, root, config, readManifest(root, hash, { store, what: opts.what }).map((e) => e.sha256), opts);
  return n;
}
