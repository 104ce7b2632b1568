// `mlops push`'s object half: upload what the remote lacks. Each object is proved to hash to its name
// before it leaves (a corrupted local object is quarantined and reported, never uploaded), and the
// remote's own put is atomic, so a killed push leaves whole objects only and a rerun skips them.
import * as fs from 'node:fs';
import { verifiedObjectPath } from '../data/objectIntegrity';
import type { Store } from '../store/store';
import { runPool } from './transferPool';
import type { ObjectRemote, TransferProgress, TransferReport } from './types';

export interface ObjectTransferOptions {
  signal?: AbortSignal;
  onProgress?: (p: TransferProgress) => void;
  /** Objects moving at once (default: the remote's "jobs", else 8). */
  jobs?: number;
}

/** opts.jobs, else the remote's "jobs" from mlops.json (remotes opened here carry it), else the pool's default. */
export const transferJobs = (remote: ObjectRemote, opts: ObjectTransferOptions) => opts.jobs ?? (remote as { jobs?: number }).jobs;

export const failureMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function pushObjects(store: Store, root: string, remote: ObjectRemote, hashes: Map<string, number>, opts: ObjectTransferOptions = {}): Promise<TransferReport> {
  const all = [...hashes.keys()];
  opts.onProgress?.({ phase: 'checking', done: 0, total: all.length, bytesDone: 0, bytesTotal: 0 });
  const present = await remote.has(all, { signal: opts.signal });
  const items = all.filter((h) => !present.has(h)).map((hash) => ({ hash, size: hashes.get(hash) ?? 0 }));
  let bytes = 0;
  const r = await runPool(
    items,
    async (item, signal) => {
      const file = await verifiedObjectPath(root, item.hash, { store, signal, what: `Pushing object ${item.hash.slice(0, 12)} to remote "${remote.name}"` });
      const size = (await fs.promises.stat(file)).size;
      await remote.put(item.hash, file, size, { signal });
      bytes += size;
    },
    { jobs: transferJobs(remote, opts), signal: opts.signal, onProgress: opts.onProgress, phase: 'uploading' },
  );
  return { transferred: r.done.length, bytes, present: present.size, failed: r.failed.map((f) => ({ hash: f.item.hash, message: failureMessage(f.error) })) };
}
