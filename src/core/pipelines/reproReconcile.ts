// A repro whose process died (kill -9, a closed VS Code) leaves its pipeline run "running". The
// stages it completed already recorded their state, so nothing is lost but the record: it is marked
// "lost" the next time a repro or a status opens the store, as tracking/reconcile does for runs.
// The outs of a stage it was running stay held (stage_rollbacks): the next repro puts them back as
// they were before that stage started (outs.putBackAbandoned).
// A stage process it started may outlive it (its own process group): the pipeline run stays
// running until that process ends, and a new repro of the pipeline is refused, naming it.
import type { Store } from '../store/store';
import { isAlive } from '../tracking/processTree';
import { finishPipelineRun, outcomeCounts, stageRuns } from './pipelineRuns';
import { liveStageProcesses } from './stageProcess';

/** Marks running pipeline runs whose repro process and stage processes are gone as lost; returns their ids. */
export function reconcilePipelineRuns(store: Store): string[] {
  const open = store.db.prepare(`SELECT id, launcher_pid FROM pipeline_runs WHERE status = 'running'`).all<{ id: string; launcher_pid: number | null }>();
  const lost: string[] = [];
  for (const r of open) {
    const pid = r.launcher_pid === null ? undefined : Number(r.launcher_pid);
    if (pid === process.pid || (pid !== undefined && isAlive(pid))) continue;
    if (liveStageProcesses(store, r.id).length) continue;
    const now = Date.now();
    const changed = store.transaction(() => {
      // Stages it left running never finished in this pipeline run (their runs are reconciled as lost).
      store.db
        .prepare(`UPDATE pipeline_stage_runs SET outcome = 'killed', ended_at = ?, reason = 'the repro process ended while the stage ran', pid = NULL WHERE pipeline_run_id = ? AND outcome = 'running'`)
        .run(now, r.id);
      // Their half-written outs are put back by the next repro, from the copies still held.
      return finishPipelineRun(store, r.id, { status: 'lost', endedAt: now, stages: outcomeCounts(stageRuns(store, r.id)) });
    });
    if (changed) lost.push(r.id);
  }
  return lost;
}
