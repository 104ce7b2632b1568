import type { Store } from '../store/store';

export type VersionSource = 'watch' | 'cli' | 'run-input' | 'restore';
export const versionSources: readonly VersionSource[] = ['watch', 'cli', 'run-input', 'restore'];
export type ItemKind = 'file' | 'directory';

export interface DatasetVersion {
  id: number;
  dataset: string;
  /** Workspace-relative path of the file or folder. */
  item: string;
  kind: ItemKind;
  /** 1, 2, ... per item. */
  version: number;
  hash: string;
  size: number;
  mtime?: number;
  createdAt: number;
  source: VersionSource;
  note: string;
}

interface Row {
  id: number;
  dataset: string;
  item: string;
  kind: ItemKind;
  version: number;
  hash: string;
  size: number;
  mtime: number | null;
  created_at: number;
  source: VersionSource;
  note: string;
}

const columns = 'id, dataset, item, kind, version, hash, size, mtime, created_at, source, note';

function fromRow(r: Row): DatasetVersion {
  return {
    id: Number(r.id),
    dataset: r.dataset,
    item: r.item,
    kind: r.kind,
    version: Number(r.version),
    hash: r.hash,
    size: Number(r.size),
    ...(r.mtime !== null ? { mtime: Number(r.mtime) } : {}),
    createdAt: Number(r.created_at),
    source: r.source,
    note: r.note,
  };
}

/** The `datasets` row versions hang off; its path follows mlops.json. */
export function ensureDatasetRow(store: Store, name: string, declaredPath: string): void {
  store.db
    .prepare('INSERT INTO datasets (name, path, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET path = excluded.path')
    .run(name, declaredPath, Date.now());
}

export function latestVersion(store: Store, dataset: string, item: string): DatasetVersion | undefined {
  const r = store.db.prepare(`SELECT ${columns} FROM dataset_versions WHERE dataset = ? AND item = ? ORDER BY version DESC LIMIT 1`).get<Row>(dataset, item);
  return r && fromRow(r);
}

/** Newest first; every item of the dataset unless `item` is given. */
export function listVersions(store: Store, dataset: string, item?: string): DatasetVersion[] {
  const rows =
    item === undefined
      ? store.db.prepare(`SELECT ${columns} FROM dataset_versions WHERE dataset = ? ORDER BY item, version DESC`).all<Row>(dataset)
      : store.db.prepare(`SELECT ${columns} FROM dataset_versions WHERE dataset = ? AND item = ? ORDER BY version DESC`).all<Row>(dataset, item);
  return rows.map(fromRow);
}

export function getVersion(store: Store, id: number): DatasetVersion | undefined {
  const r = store.db.prepare(`SELECT ${columns} FROM dataset_versions WHERE id = ?`).get<Row>(id);
  return r && fromRow(r);
}

/** Items with versions, in path order. */
export function versionedItems(store: Store, dataset: string): { item: string; kind: ItemKind }[] {
  return store.db.prepare('SELECT item, MAX(kind) AS kind FROM dataset_versions WHERE dataset = ? GROUP BY item ORDER BY item').all<{ item: string; kind: ItemKind }>(dataset);
}

export interface NewVersion {
  dataset: string;
  declaredPath: string;
  item: string;
  kind: ItemKind;
  hash: string;
  size: number;
  mtime?: number;
  source: VersionSource;
  note?: string;
}

/**
 * Adds a version unless the item's latest already has this hash (checked inside the write lock, so
 * a watcher and the CLI versioning at once never record the same content twice).
 */
export function addVersion(store: Store, v: NewVersion): { version: DatasetVersion; created: boolean } {
  // The common case (nothing changed) needs no write lock.
  const current = latestVersion(store, v.dataset, v.item);
  if (current && current.hash === v.hash) return { version: current, created: false };
  return store.transaction(() => {
    const latest = latestVersion(store, v.dataset, v.item);
    if (latest && latest.hash === v.hash) return { version: latest, created: false };
    ensureDatasetRow(store, v.dataset, v.declaredPath);
    const number = (latest?.version ?? 0) + 1;
    const r = store.db
      .prepare(
        `INSERT INTO dataset_versions (dataset, item, kind, version, hash, size, mtime, created_at, source, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(v.dataset, v.item, v.kind, number, v.hash, v.size, v.mtime ?? null, Date.now(), v.source, v.note ?? '');
    const id = Number(r.lastInsertRowid);
    // Runs that read this content before it was versioned (or before versioning existed) link to it.
    store.db.prepare('UPDATE run_inputs SET dataset_version_id = ? WHERE dataset_version_id IS NULL AND hash = ? AND path = ?').run(id, v.hash, v.item);
    return { version: getVersion(store, id)!, created: true };
  });
}

/** Links inputs of earlier runs to the first version with the same content at the same path. */
export function linkRecordedInputs(store: Store): number {
  return store.db
    .prepare(
      `UPDATE run_inputs SET dataset_version_id = (
         SELECT v.id FROM dataset_versions v WHERE v.hash = run_inputs.hash AND v.item = run_inputs.path ORDER BY v.version LIMIT 1)
       WHERE dataset_version_id IS NULL
         AND EXISTS (SELECT 1 FROM dataset_versions v WHERE v.hash = run_inputs.hash AND v.item = run_inputs.path)`,
    )
    .run().changes;
}

/** Runs that read a version, newest first. */
export function runsReadingVersion(store: Store, versionId: number): { runId: string; name: string }[] {
  return store.db
    .prepare('SELECT r.id AS runId, r.name AS name FROM run_inputs i JOIN runs r ON r.id = i.run_id WHERE i.dataset_version_id = ? ORDER BY r.created_at DESC')
    .all<{ runId: string; name: string }>(versionId);
}
