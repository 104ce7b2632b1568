import * as fs from 'node:fs';
import { appendAudit } from '../audit/appendAudit';
import { datasetVersionRef } from '../audit/datasetEvents';
import type { Store } from '../store/store';
import { getVersion, type DatasetVersion } from './datasetVersions';
import { objectPath } from './objectCache';
import { referencedObjects } from './objectInventory';

export interface DeleteVersionResult {
  deleted: DatasetVersion;
  /** The version's object was removed: nothing else (another version, a run, a model) referred to it. */
  objectRemoved: boolean;
}

/**
 * Deletes one version row; its object goes too when nothing else refers to it. Runs that read the
 * version keep their input hash (the link becomes NULL through the foreign key). Other versions keep
 * their numbers, so references like `train@3` never silently change meaning.
 */
export function deleteVersion(store: Store, workspaceRoot: string, id: number): DeleteVersionResult {
  const result = store.transaction(() => {
    const v = getVersion(store, id);
    if (!v) throw new Error(`Dataset version #${id} does not exist (deleted already?).`);
    const ref = datasetVersionRef(store, v); // named as it was, while its item still has versions
    store.db.prepare('UPDATE run_inputs SET dataset_version_id = NULL WHERE dataset_version_id = ?').run(id);
    store.db.prepare('DELETE FROM dataset_versions WHERE id = ?').run(id);
    const orphan = !referencedObjects(store).has(v.hash);
    if (orphan) {
      store.db.prepare('DELETE FROM objects WHERE hash = ?').run(v.hash);
      store.db.prepare('DELETE FROM object_refs WHERE parent = ?').run(v.hash);
    }
    appendAudit(store, { action: 'dataset.version-deleted', object: ref, details: { item: v.item, version: v.version, hash: v.hash, objectRemoved: orphan } });
    return { deleted: v, objectRemoved: orphan };
  });
  // The row goes first: a crash here leaves an unreferenced file that `mlops data gc` removes.
  if (result.objectRemoved) fs.rmSync(objectPath(workspaceRoot, result.deleted.hash), { force: true });
  return result;
}
