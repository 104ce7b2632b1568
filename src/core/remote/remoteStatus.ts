// `mlops remote status`: for what the named refs need (everything by default), what is here and not
// on the remote (to push), there and not here (to pull), and nowhere (lost unless a teammate pushes it).
import { hasObject } from '../data/objectCache';
import type { Store } from '../store/store';
import { neededObjects } from './neededObjects';
import type { ObjectRemote, RemoteStatus, TransferOptions } from './types';

export async function remoteStatus(store: Store, root: string, remote: ObjectRemote, refs?: readonly string[], opts: TransferOptions = {}): Promise<RemoteStatus> {
  const needed = neededObjects(store, refs);
  const there = await remote.has([...needed.keys()], opts);
  const status: RemoteStatus = {
    remote: remote.name,
    location: remote.location,
    toPush: { count: 0, bytes: 0 },
    toPull: { count: 0, bytes: 0 },
    missingEverywhere: { count: 0, hashes: [] },
  };
  for (const [hash, size] of needed) {
    const here = hasObject(root, hash);
    if (here && !there.has(hash)) {
      status.toPush.count++;
      status.toPush.bytes += size;
    } else if (!here && there.has(hash)) {
      status.toPull.count++;
      status.toPull.bytes += size;
    } else if (!here) {
      status.missingEverywhere.count++;
      status.missingEverywhere.hashes.push(hash);
    }
  }
  status.missingEverywhere.hashes.sort();
  return status;
}
