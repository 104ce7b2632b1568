import * as fs from 'node:fs';
import type { MlopsConfig } from '../config/types';
import type { Store } from '../store/store';
import { cachedFileHash } from './cachedFileHash';
import { resolveDataset, type DatasetItem, type ResolvedDataset } from './datasetItems';
import { auditDatasetVersioned } from '../audit/datasetEvents';
import { addVersion, linkRecordedInputs, versionedItems, type DatasetVersion, type ItemKind, type VersionSource } from './datasetVersions';
import { buildManifest } from './directoryManifest';
import { ObjectBatch } from './objectBatch';
import { statFile } from './fileStat';
import { removeStaleTemp } from './objectInventory';
import { placeObject } from './placeObject';
import { rememberHash } from './statCache';

export interface VersionOptions {
  /** Small files' objects go into this batch; their versions are recorded after it is flushed. */
  batch?: ObjectBatch;
  source?: VersionSource;
  note?: string;
  signal?: AbortSignal;
  onProgress?: (p: { item: string; bytes: number; total: number }) => void;
  /** Only these items (workspace-relative); all by default. */
  items?: string[];
  /** Files at least this big are read on a worker thread (see FileHashOptions). */
  offThreadBytes?: number;
}

export interface ItemOutcome {
  item: string;
  kind: ItemKind;
  /** created: a new version; unchanged: equal to the latest; missing: the file is gone. */
  state: 'created' | 'unchanged' | 'missing';
  version?: DatasetVersion;
}

export interface VersionResult {
  dataset: string;
  declared: string;
  items: ItemOutcome[];
  /** Content bytes read from the workspace: 0 when every file was unchanged (stat cache). */
  bytesRead: number;
}

/**
 * Versions every item of dataset `name` now: content equal to an item's latest version adds
 * nothing; other content (old content coming back too) becomes the next version, pointing at the
 * one object per content.
 */
export async function versionDataset(store: Store, workspaceRoot: string, config: MlopsConfig, name: string, opts: VersionOptions = {}): Promise<VersionResult> {
  const resolved = resolveDataset(workspaceRoot, config, name);
  removeStaleTemp(workspaceRoot); // what a killed earlier attempt left behind
  const wanted = opts.items && new Set(opts.items);
  const result: VersionResult = { dataset: name, declared: resolved.declared, items: [], bytesRead: 0 };
  // A glob's many small files share a sync per batch (ObjectBatch); each is recorded once the batch is on disk.
  const batch = resolved.shape === 'glob' ? new ObjectBatch(workspaceRoot, store, opts.signal) : undefined;
  const toRecord: PendingItem[] = [];
  // A failure or a cancel records nothing: the batch's temp files go, and the next attempt reads
  // again only what the stat cache does not know.
  try {
    for (const item of resolved.items) {
      if (wanted && !wanted.has(item.item)) continue;
      opts.signal?.throwIfAborted();
      toRecord.push(await versionItem(store, workspaceRoot, config, resolved, item, { ...opts, batch }, (n) => (result.bytesRead += n)));
    }
    await batch?.flush();
  } finally {
    batch?.discard();
  }
  result.items.push(...recordVersions(store, name, toRecord, opts.source ?? 'cli'));
  for (const p of toRecord) await p.after?.();
  // A glob's items that are gone now.
  const present = new Set(resolved.items.map((i) => i.item));
  for (const v of versionedItems(store, name)) {
    if (!present.has(v.item) && (!wanted || wanted.has(v.item))) result.items.push({ item: v.item, kind: v.kind, state: 'missing' });
  }
  linkRecordedInputs(store);
  return result;
}

/** An item read, its objects stored or batched: what to record once they are on disk. */
interface PendingItem {
  item: string;
  hash?: string;
  record: () => ItemOutcome;
  /** Work after the versions are committed (placing a hard link). */
  after?: () => Promise<void>;
}

/**
 * Records the items' versions and the call's one audit entry in one transaction; when nothing
 * changed (the common case) no write lock is taken.
 */
function recordVersions(store: Store, dataset: string, pending: PendingItem[], source: string): ItemOutcome[] {
  const record = () => {
    const outcomes = pending.map((p) => p.record());
    auditDatasetVersioned(store, dataset, outcomes.flatMap((o) => (o.state === 'created' && o.version ? [o.version] : [])), source);
    return outcomes;
  };
  const latest = latestHashes(store, dataset);
  const changed = pending.some((p) => p.hash !== undefined && latest.get(p.item) !== p.hash);
  return changed ? store.transaction(record) : record();
}

/** Each item's latest version's hash, in one query (a glob may have thousands of items). */
function latestHashes(store: Store, dataset: string): Map<string, string> {
  const rows = store.db
    .prepare(
      `SELECT item, hash FROM dataset_versions v WHERE dataset = ?
         AND version = (SELECT MAX(version) FROM dataset_versions w WHERE w.dataset = v.dataset AND w.item = v.item)`,
    )
    .all<{ item: string; hash: string }>(dataset);
  return new Map(rows.map((r) => [r.item, r.hash]));
}

/** Reads an item (its objects stored, or batched) and returns how to record its version once they are on disk. */
async function versionItem(
  store: Store,
  root: string,
  config: MlopsConfig,
  dataset: ResolvedDataset,
  it: DatasetItem,
  opts: VersionOptions,
  countRead: (bytes: number) => void,
): Promise<PendingItem> {
  if (!fs.existsSync(it.abs)) return { item: it.item, record: () => ({ item: it.item, kind: it.kind, state: 'missing' }) };
  const onProgress = opts.onProgress && ((bytes: number, total: number) => opts.onProgress!({ item: it.item, bytes, total }));
  const read = { storeObject: true, signal: opts.signal, onProgress, offThreadBytes: opts.offThreadBytes, batch: opts.batch };
  const common = { dataset: dataset.name, declaredPath: dataset.declared, item: it.item, kind: it.kind, source: opts.source ?? 'cli', note: opts.note };
  if (it.kind === 'directory') {
    const m = await buildManifest(store, root, it.abs, read);
    if (!m) throw new Error(`${it.item} changed while it was read; try again.`);
    countRead(m.bytesRead);
    return {
      item: it.item,
      hash: m.hash,
      record: () => {
        const { version, created } = addVersion(store, { ...common, hash: m.hash, size: m.size });
        return { item: it.item, kind: 'directory', state: created ? 'created' : 'unchanged', version };
      },
    };
  }
  const h = await cachedFileHash(store, root, it.abs, read);
  if (!h) throw new Error(`${it.item} changed while it was read; try again.`);
  if (h.read) countRead(h.size);
  return {
    item: it.item,
    hash: h.hash,
    record: () => {
      const { version, created } = addVersion(store, { ...common, hash: h.hash, size: h.size, mtime: h.mtimeMs });
      return { item: it.item, kind: 'file', state: created ? 'created' : 'unchanged', version };
    },
    // Opt-in: the workspace file becomes the read-only object itself (no second copy on disk).
    after:
      config.cache?.link === 'hardlink'
        ? async () => {
            await placeObject(root, h.hash, it.abs, 'hardlink');
            rememberHash(store, it.item, statFile(it.abs), h.hash);
          }
        : undefined,
  };
}
