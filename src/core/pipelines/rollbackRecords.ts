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
  return row && { saved: JSON.parse(row.saved_json) as PathHash[], absent: JSON.parse(row.absent_json) as string[] };
}

/** The stage ended (outs committed or put back): its saved objects are gc's to judge again. */
export function releaseRollback(store: Store, pipelineRunId: string, stage: string): void {
  store.db.prepare('DELETE FROM stage_rollbacks WHERE pipeline_run_id = ? AND stage = ?').run(pipelineRunId, stage);
}

/** Every rollback a pipeline run still holds (it was found lost). */
export function releasePipelineRunRollbacks(store: Store, pipelineRunId: string): void {
  store.db.prepare('DELETE FROM stage_rollbacks WHERE pipeline_run_id = ?').run(pipelineRunId);
}
