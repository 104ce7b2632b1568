// `mlops pull`'s object half: download what .mlops/objects lacks. Each object lands in a temp file
// of the cache (tmp/<pid>-...), is hashed, and only then renamed into place and recorded: a corrupted
// object on the remote never enters the cache, and a killed pull leaves only temp files, which
// removeStaleTemp clears on the next run (that then moves only what is still missing).
import * as fs from 'node:fs';
import { sha256File } from '../data/hashFile';
import { hasObject, recordObject, settle, tempPath } from '../data/objectCache';
import { removeStaleTemp } from '../data/objectInventory';
import type { Store } from '../store/store';
import { failureMessage, transferJobs, type ObjectTransferOptions } from './pushObjects';
import { runPool } from './transferPool';
import { RemoteAccessError, type ObjectRemote, type TransferReport } from './types';

/** A downloaded object whose bytes do not hash to its name: refused, never cached (a failed check: exit 1). */
export class CorruptRemoteObjectError extends RemoteAccessError {}

/** Downloads one object into the cache, verified; returns its size. */
export async function fetchOne(store: Store, root: string, remote: ObjectRemote, hash: string, signal?: AbortSignal): Promise<number> {
  const tmp = tempPath(root);
  try {
    await remote.get(hash, tmp, { signal });
    const actual = await sha256File(tmp, undefined, signal);
    if (actual !== hash) throw new CorruptRemoteObjectError(`object ${hash} on remote ${remote.name} is corrupt (hash ${actual}): it was not cached; push a good copy from a workspace that has one.`);
    const size = (await fs.promises.stat(tmp)).size;
    settle(root, tmp, hash);
    recordObject(store, hash, size);
    return size;
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}

export async function pullObjects(store: Store, root: string, remote: ObjectRemote, hashes: Map<string, number>, opts: ObjectTransferOptions = {}): Promise<TransferReport> {
  removeStaleTemp(root);
  const items = [...hashes].filter(([hash]) => !hasObject(root, hash)).map(([hash, size]) => ({ hash, size }));
  let bytes = 0;
  const r = await runPool(
    items,
    async (item, signal) => {
      bytes += await fetchOne(store, root, remote, item.hash, signal);
    },
    { jobs: transferJobs(remote, opts), signal: opts.signal, onProgress: opts.onProgress, phase: 'downloading' },
  );
  return { transferred: r.done.length, bytes, present: hashes.size - items.length, failed: r.failed.map((f) => ({ hash: f.item.hash, message: failureMessage(f.error) })) };
}
