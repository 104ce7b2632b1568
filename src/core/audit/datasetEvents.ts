// How the audit log names dataset versions, and the one entry a versioning call appends however
// many files of a glob or folder it recorded.
import { versionedItems, type DatasetVersion } from '../data/datasetVersions';
import type { Store } from '../store/store';
import { appendAudit } from './appendAudit';

/** train@3 when the dataset has one item, else train:ITEM@3: the reference a user would type. */
export function datasetVersionRef(store: Store, v: Pick<DatasetVersion, 'dataset' | 'item' | 'version'>, severalItems?: boolean): string {
  const several = severalItems ?? versionedItems(store, v.dataset).length > 1;
  return several ? `${v.dataset}:${v.item}@${v.version}` : `${v.dataset}@${v.version}`;
}

/** Details listing at most this many versions; the count says how many there were. */
const LISTED = 100;

/**
 * One 'dataset.versioned' entry for the versions one call created (nothing when it created none).
 * Its object is the version's reference when there is one, else the dataset's name.
 */
export function auditDatasetVersioned(store: Store, dataset: string, created: DatasetVersion[], source: string): void {
  if (!created.length) return;
  const several = versionedItems(store, dataset).length > 1;
  const refs = created.slice(0, LISTED).map((v) => datasetVersionRef(store, v, several));
  appendAudit(store, {
    action: 'dataset.versioned',
    object: created.length === 1 ? refs[0] : dataset,
    details: {
      source,
      items: created.length,
      bytes: created.reduce((n, v) => n + v.size, 0),
      versions: created.slice(0, LISTED).map((v, i) => ({ ref: refs[i], item: v.item, version: v.version, hash: v.hash })),
    },
  });
}

/** 'dataset.restored': a version written back, with the versions the restore recorded. */
export function auditDatasetRestored(store: Store, target: DatasetVersion, recorded: DatasetVersion | undefined, saved: DatasetVersion | undefined): void {
  appendAudit(store, {
    action: 'dataset.restored',
    object: datasetVersionRef(store, target),
    details: { item: target.item, version: target.version, hash: target.hash, recordedAs: recorded?.version ?? null, savedFirstAs: saved?.version ?? null },
  });
}
