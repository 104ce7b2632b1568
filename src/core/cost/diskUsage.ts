// What the object cache (.mlops/objects) holds, by what refers to it: each dataset, each run's
// artifacts, the pipelines' run cache. An object shared by several of them is stored once; each
// counts it in its own bytes, and only the bytes nobody else refers to in its exclusive bytes (what
// deleting it alone would free), so the entries' exclusive bytes plus the shared ones add up to the
// total. Sizes are the object files' sizes on disk; an object not on disk (only on a remote) is 0.
import { collectGarbage } from '../data/collectGarbage';
import { listObjectFiles, referencedObjects } from '../data/objectInventory';
import type { Store } from '../store/store';
import { storageCost } from './prices';
import type { Cost, Prices } from './types';

export interface DiskUsageEntry {
  kind: 'dataset' | 'run' | 'run-cache' | 'other';
  /** The dataset's name, the run's name, "run cache", or "other" (code diffs, run inputs, imported models). */
  name: string;
  /** The run's id for a run. */
  runId?: string;
  /** Dataset versions, run artifacts, or run cache entries. */
  references: number;
  /** Distinct objects it refers to (a folder's manifest and its files each count). */
  objects: number;
  bytes: number;
  /** Bytes of the objects no other entry refers to. */
  exclusiveBytes: number;
  /** Storing its bytes for a month, with a storage price. */
  monthlyCost?: Cost;
}

export interface DiskUsage {
  /** Sorted by bytes, largest first. */
  entries: DiskUsageEntry[];
  /** Every object file in .mlops/objects: what the cache takes on disk. */
  onDisk: { objects: number; bytes: number };
  /** Bytes that would be stored if every dataset version, artifact and run cache entry kept its own copy, minus what is stored for them. */
  dedupSavedBytes: number;
  /** What `mlops data gc` would remove now (unreferenced, past the grace period). */
  reclaimable: { objects: number; bytes: number };
  monthlyCost?: Cost;
}

interface Owner {
  kind: DiskUsageEntry['kind'];
  name: string;
  runId?: string;
  /** Each reference's root hash (a file's object, a folder's manifest). */
  roots: string[];
}

export function diskUsage(store: Store, workspaceRoot: string, prices?: Prices): DiskUsage {
  const sizes = new Map(listObjectFiles(workspaceRoot).map((o) => [o.hash, o.size]));
  const children = new Map<string, string[]>();
  for (const r of store.db.prepare('SELECT parent, child FROM object_refs').all<{ parent: string; child: string }>()) {
    children.set(r.parent, [...(children.get(r.parent) ?? []), r.child]);
  }
  // A reference's objects: its root and, for a folder, the files its manifest lists (transitively).
  const closure = (roots: string[]): Set<string> => {
    const out = new Set<string>();
    const queue = [...roots];
    while (queue.length) {
      const h = queue.pop()!;
      if (out.has(h)) continue;
      out.add(h);
      queue.push(...(children.get(h) ?? []));
    }
    return out;
  };
  const bytesOf = (hashes: Iterable<string>) => {
    let n = 0;
    for (const h of hashes) n += sizes.get(h) ?? 0;
    return n;
  };

  const owners = ownersOf(store);
  const sets = owners.map((o) => closure(o.roots));
  const attributed = new Set(sets.flatMap((s) => [...s]));
  const other = [...referencedObjects(store)].filter((h) => !attributed.has(h));
  if (other.length) {
    owners.push({ kind: 'other', name: 'other', roots: other });
    sets.push(closure(other));
  }
  const ownerCount = new Map<string, number>();
  for (const s of sets) for (const h of s) ownerCount.set(h, (ownerCount.get(h) ?? 0) + 1);

  const entries: DiskUsageEntry[] = owners.map((o, i) => {
    const bytes = bytesOf(sets[i]);
    return {
      kind: o.kind,
      name: o.name,
      ...(o.runId ? { runId: o.runId } : {}),
      references: o.kind === 'other' ? other.length : o.roots.length,
      objects: [...sets[i]].filter((h) => sizes.has(h)).length,
      bytes,
      exclusiveBytes: bytesOf([...sets[i]].filter((h) => ownerCount.get(h) === 1)),
      ...withCost(bytes, prices),
    };
  });
  entries.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));

  // Each reference on its own: what storing it whole, without sharing, would take.
  let separately = 0;
  for (const o of owners) if (o.kind !== 'other') for (const root of o.roots) separately += bytesOf(closure([root]));
  const sharedRoots = owners.filter((o) => o.kind !== 'other').flatMap((o) => o.roots);
  const dedupSavedBytes = separately - bytesOf(closure(sharedRoots));

  const gc = collectGarbage(store, workspaceRoot, { dryRun: true });
  const onDiskBytes = bytesOf(sizes.keys());
  return {
    entries,
    onDisk: { objects: sizes.size, bytes: onDiskBytes },
    dedupSavedBytes,
    reclaimable: { objects: gc.objects.length, bytes: gc.bytes },
    ...withCost(onDiskBytes, prices),
  };
}

function withCost(bytes: number, prices: Prices | undefined): { monthlyCost?: Cost } {
  const c = storageCost(bytes, prices);
  return c ? { monthlyCost: c } : {};
}

/** Datasets (all their versions), runs (their stored artifacts) and the run cache, with the hashes each refers to. */
function ownersOf(store: Store): Owner[] {
  const owners: Owner[] = [];
  const group = <R extends { hash: string }>(rows: R[], key: (r: R) => string, make: (r: R) => Omit<Owner, 'roots'>) => {
    const byKey = new Map<string, Owner>();
    for (const r of rows) {
      const k = key(r);
      const o = byKey.get(k) ?? { ...make(r), roots: [] };
      o.roots.push(r.hash);
      byKey.set(k, o);
    }
    owners.push(...byKey.values());
  };
  group(
    store.db.prepare('SELECT dataset, hash FROM dataset_versions ORDER BY dataset, id').all<{ dataset: string; hash: string }>(),
    (r) => r.dataset,
    (r) => ({ kind: 'dataset', name: r.dataset }),
  );
  group(
    store.db.prepare(`SELECT a.run_id, r.name, a.hash FROM artifacts a JOIN runs r ON r.id = a.run_id WHERE a.hash != '' ORDER BY a.run_id, a.path`).all<{ run_id: string; name: string; hash: string }>(),
    (r) => r.run_id,
    (r) => ({ kind: 'run', name: r.name, runId: r.run_id }),
  );
  const cacheOuts = store.db
    .prepare(
      `SELECT json_extract(o.value, '$.hash') AS hash FROM stage_cache c, json_each(c.outs_json) o
       UNION SELECT json_extract(o.value, '$.hash') FROM stage_state s, json_each(s.outs_json) o`,
    )
    .all<{ hash: string }>()
    .filter((r) => typeof r.hash === 'string');
  group(cacheOuts, () => 'run-cache', () => ({ kind: 'run-cache', name: 'run cache' }));
  return owners;
}
