import * as fs from 'node:fs';
import type { MlopsConfig } from '../config/types';
import type { Store } from '../store/store';
import { cachedFileHash, type FileHashOptions } from './cachedFileHash';
import { resolveDataset } from './datasetItems';
import { latestVersion, versionedItems, type ItemKind } from './datasetVersions';
import { buildManifest } from './directoryManifest';

export type ItemState = 'clean' | 'modified' | 'missing' | 'untracked';

export interface ItemStatus {
  dataset: string;
  item: string;
  kind: ItemKind;
  /** Number of the item's latest version; absent when untracked. */
  latest?: number;
  latestHash?: string;
  state: ItemState;
  /** Why the dataset could not be resolved (e.g. a path outside the workspace). */
  problem?: string;
}

/**
 * Each item of each declared dataset against its latest version: clean, modified (unversioned
 * changes), missing (gone from the workspace) or untracked (never versioned). Unchanged files are
 * answered by the stat cache without being read; nothing is stored. A changed file of at least
 * `offThreadBytes` is hashed on a worker thread (the extension host passes it, as for versioning).
 */
export async function datasetStatus(store: Store, workspaceRoot: string, config: MlopsConfig, names = Object.keys(config.datasets), opts: Pick<FileHashOptions, 'signal' | 'offThreadBytes'> = {}): Promise<ItemStatus[]> {
  const out: ItemStatus[] = [];
  for (const name of names) {
    let resolved;
    try {
      resolved = resolveDataset(workspaceRoot, config, name);
    } catch (err) {
      out.push({ dataset: name, item: config.datasets[name]?.path ?? name, kind: 'file', state: 'missing', problem: (err as Error).message });
      continue;
    }
    const seen = new Set<string>();
    for (const it of resolved.items) {
      seen.add(it.item);
      const latest = latestVersion(store, name, it.item);
      const base = { dataset: name, item: it.item, kind: latest?.kind ?? it.kind, ...(latest ? { latest: latest.version, latestHash: latest.hash } : {}) };
      if (!fs.existsSync(it.abs)) {
        out.push({ ...base, state: 'missing' });
        continue;
      }
      if (!latest) {
        out.push({ ...base, state: 'untracked' });
        continue;
      }
      const read = { ...opts, storeObject: false };
      const now = it.kind === 'directory' ? await buildManifest(store, workspaceRoot, it.abs, read) : await cachedFileHash(store, workspaceRoot, it.abs, read);
      out.push({ ...base, state: now?.hash === latest.hash ? 'clean' : 'modified' });
    }
    for (const v of versionedItems(store, name)) {
      if (seen.has(v.item)) continue;
      const latest = latestVersion(store, name, v.item)!;
      out.push({ dataset: name, item: v.item, kind: v.kind, latest: latest.version, latestHash: latest.hash, state: 'missing' });
    }
  }
  return out;
}
