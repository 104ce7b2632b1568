// stage_rollbacks (store migration 9): what a running stage saved to put its outs back. The saved
// objects are referenced from here (data/objectInventory), so gc keeps them however long the stage
// runs; an out edited by hand exists nowhere else. The row goes when the stage ends.
import type { Store } from '../store/store';
import type { PathHash } from './types';

export interface RollbackRecord {
  /** The outs that existed, as stored. */
  saved: PathHash[];
  /** Outs that did not exist: a rollback removes them. */
  absent: string[];
}

/** Records (or replaces) the rollback a stage of this pipeline run holds. */
export function holdRollback(store: Store, pipelineRunId: string, stage: string, r: RollbackRecord): void {
  store.db
    .prepare('INSERT OR REPLACE INTO stage_rollbacks (pipeline_run_id, stage, saved_json, absent_json, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(pipelineRunId, stage, JSON.stringify(r.saved), JSON.stringify(r.absent), Date.now());
}

export function heldRollback(store: Store, pipelineRunId: string, stage: string): RollbackRecord | undefined {
  const row = store.db
    .prepare('SELECT saved_json, absent_json FROM stage_rollbacks WHERE pipeline_run_id = ? AND stage = ?')
    .get<{ saved_json: string; absent_json: string }>(pipelineRunId, stage);
  return row && recordOf(row);
}

/** The stage ended (outs committed or put back): its saved objects are gc's to judge again. */
export function releaseRollback(store: Store, pipelineRunId: string, stage: string): void {
  store.db.prepare('DELETE FROM stage_rollbacks WHERE pipeline_run_id = ? AND stage = ?').run(pipelineRunId, stage);
}

/**
 * Rollbacks whose pipeline run is no longer running (it was found lost: its repro was killed while
 * the stage ran), newest first: a repro puts them back before it starts.
 */
export function abandonedRollbacks(store: Store): { pipelineRunId: string; stage: string; record: RollbackRecord }[] {
  return store.db
    .prepare(
      `SELECT r.pipeline_run_id, r.stage, r.saved_json, r.absent_json FROM stage_rollbacks r JOIN pipeline_runs p ON p.id = r.pipeline_run_id
       WHERE p.status <> 'running' ORDER BY r.created_at DESC, r.rowid DESC`,
    )
    .all<{ pipeline_run_id: string; stage: string; saved_json: string; absent_json: string }>()
    .map((r) => ({ pipelineRunId: r.pipeline_run_id, stage: r.stage, record: recordOf(r) }));
}

const recordOf = (row: { saved_json: string; absent_json: string }): RollbackRecord => ({ saved: JSON.parse(row.saved_json) as PathHash[], absent: JSON.parse(row.absent_json) as string[] });
