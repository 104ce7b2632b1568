// The batches a monitor has not checked yet: versions of its `current` dataset with no check against
// the pinned reference. A glob dataset's every file is an item, so each new file (and each new
// version of a file) is a batch; a file dataset's every new version is a batch.
import type { MonitorConfig } from '../config/types';
import type { DatasetVersion } from '../data/datasetVersions';
import { getVersion } from '../data/datasetVersions';
import type { Store } from '../store/store';

/** Oldest first, so the alert policy sees batches in the order they arrived. */
export function uncheckedBatches(store: Store, name: string, monitor: MonitorConfig, referenceVersionId: number): DatasetVersion[] {
  const ids = store.db
    .prepare(
      `SELECT v.id FROM dataset_versions v
        WHERE v.dataset = ? AND v.kind = 'file' AND v.id <> ?
          AND NOT EXISTS (SELECT 1 FROM drift_checks c WHERE c.monitor = ? AND c.batch_version_id = v.id AND c.reference_version_id = ?)
        ORDER BY v.created_at, v.id`,
    )
    .all<{ id: number }>(monitor.current, referenceVersionId, name, referenceVersionId);
  return ids.map((r) => getVersion(store, Number(r.id))!);
}

/** Folder versions of `current`: a folder dataset is versioned as a whole, so its files are not batches. */
export function folderVersions(store: Store, monitor: MonitorConfig): number {
  const r = store.db.prepare("SELECT COUNT(*) AS n FROM dataset_versions WHERE dataset = ? AND kind = 'directory'").get<{ n: number }>(monitor.current);
  return Number(r?.n ?? 0);
}
