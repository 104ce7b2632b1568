import * as fs from 'node:fs';
import { objectPath } from '../data/objectCache';
import { appendAudit } from '../audit/appendAudit';
import type { Store } from '../store/store';
import { runFolder } from './launcher';
import { getRun } from './runRecords';

/** Objects still referenced by anything in the store (runs, datasets, models). */
function isReferenced(store: Store, hash: string): boolean {
  return !!store.db
    .prepare(
      `SELECT 1 FROM artifacts WHERE hash = ?
       UNION ALL SELECT 1 FROM runs WHERE git_diff = ?
       UNION ALL SELECT 1 FROM dataset_versions WHERE hash = ?
       UNION ALL SELECT 1 FROM model_versions WHERE artifact_hash = ?
       UNION ALL SELECT 1 FROM object_refs WHERE child = ? LIMIT 1`, // object_refs: files of versioned folders
    )
    .get(hash, hash, hash, hash, hash);
}

/**
 * Deletes a finished run: its rows (metrics, params, tags, inputs, artifacts cascade), its folder,
 * and the objects that only it referenced. A running run must be stopped first.
 */
export function deleteRun(store: Store, workspaceRoot: string, id: string): { removedObjects: string[] } {
  const run = getRun(store, id);
  if (!run) throw new Error(`No run ${id}`);
  if (run.status === 'running') throw new Error(`Run ${run.name} (${id}) is running: stop it before deleting it.`);
  const hashes = [
    ...store.db.prepare(`SELECT hash FROM artifacts WHERE run_id = ? AND hash != ''`).all<{ hash: string }>(id).map((r) => r.hash),
    ...(run.git.diff ? [run.git.diff] : []),
  ];
  const removed = store.transaction(() => {
    store.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    const orphans = [...new Set(hashes)].filter((h) => !isReferenced(store, h));
    for (const h of orphans) store.db.prepare('DELETE FROM objects WHERE hash = ?').run(h);
    appendAudit(store, { action: 'run.deleted', object: id, details: { name: run.name, experiment: run.experiment, status: run.status, removedObjects: orphans.length } });
    return orphans;
  });
  // Files go after the commit: a crash in between leaves unreferenced files (harmless), never
  // rows pointing at missing files.
  for (const h of removed) fs.rmSync(objectPath(workspaceRoot, h), { force: true });
  fs.rmSync(runFolder(workspaceRoot, id), { recursive: true, force: true });
  return { removedObjects: removed };
}
