// The records of `mlops repro`: one pipeline_runs row per repro, one pipeline_stage_runs row per
// stage it reached (store/migrations.ts versions 7 and 9). The executor (repro.ts) writes them as it goes;
// the Pipelines view and `mlops pipeline status` read them.
import { appendAudit } from '../audit/appendAudit';
import type { Store } from '../store/store';
import { isAlive } from '../tracking/processTree';
import { liveStageProcesses } from './stageProcess';
import { PipelineError, type StageOutcome } from './types';

export type PipelineRunStatus = 'running' | 'finished' | 'failed' | 'killed' | 'lost';

export interface PipelineRunRecord {
  id: string;
  pipeline: string;
  status: PipelineRunStatus;
  /** --stage S: S and what it depends on; undefined for the whole pipeline. */
  targetStage?: string;
  forced: boolean;
  startedAt: number;
  endedAt?: number;
  launcherPid?: number;
  author: string;
  cost?: number;
  savedCost?: number;
}

export interface StageRunRecord {
  pipelineRunId: string;
  stage: string;
  outcome: StageOutcome | 'running';
  runId?: string;
  key?: string;
  reason: string;
  startedAt?: number;
  endedAt?: number;
  savedCost?: number;
  /** While running: the stage's process, leader of its process group, and its start time (stageProcess.ts). */
  pid?: number;
  pidStart?: string;
}

interface PipelineRunRow {
  id: string;
  pipeline: string;
  status: PipelineRunStatus;
  target_stage: string | null;
  forced: number;
  started_at: number;
  ended_at: number | null;
  launcher_pid: number | null;
  author: string;
  cost: number | null;
  saved_cost: number | null;
}

interface StageRunRow {
  pipeline_run_id: string;
  stage: string;
  outcome: StageRunRecord['outcome'];
  run_id: string | null;
  key: string | null;
  reason: string;
  started_at: number | null;
  ended_at: number | null;
  saved_cost: number | null;
  pid: number | null;
  pid_start: string | null;
}

const num = (v: number | bigint | null): number | undefined => (v === null ? undefined : Number(v));

const fromRow = (r: PipelineRunRow): PipelineRunRecord => ({
  id: r.id,
  pipeline: r.pipeline,
  status: r.status,
  targetStage: r.target_stage ?? undefined,
  forced: Number(r.forced) === 1,
  startedAt: Number(r.started_at),
  endedAt: num(r.ended_at),
  launcherPid: num(r.launcher_pid),
  author: r.author,
  cost: num(r.cost),
  savedCost: num(r.saved_cost),
});

/** Another repro of the same pipeline is running: two would write the same outs at once. */
export class ReproBusyError extends PipelineError {}

/**
 * Records a repro that starts now (status running) with its 'pipeline.started' audit entry. Refused
 * (ReproBusyError) while another repro of the pipeline runs: the check and the insert are one write
 * transaction, so of two repros started together exactly one goes ahead. Call reconcilePipelineRuns
 * first, so a dead repro does not count.
 */
export function insertPipelineRun(store: Store, r: Pick<PipelineRunRecord, 'id' | 'pipeline' | 'targetStage' | 'forced' | 'startedAt' | 'author'>): void {
  store.transaction(() => {
    const busy = store.db.prepare(`SELECT id, launcher_pid FROM pipeline_runs WHERE pipeline = ? AND status = 'running' LIMIT 1`).get<{ id: string; launcher_pid: number | null }>(r.pipeline);
    if (busy) {
      // Its repro is gone (reconcile left it running): a stage it started still runs on its own.
      const orphan = busy.launcher_pid === null || !isAlive(Number(busy.launcher_pid)) ? liveStageProcesses(store, busy.id)[0] : undefined;
      if (orphan) {
        throw new ReproBusyError(
          `Stage ${orphan.stage} of pipeline "${r.pipeline}" is still running as process ${orphan.pid}, left by a repro that was killed: running it again now would write the same outs twice. Stop it with \`kill -- -${orphan.pid}\` (its process group), or wait for it to end, then run the repro again.`,
        );
      }
      const who = busy.launcher_pid === null ? '' : Number(busy.launcher_pid) === process.pid ? ' in this window' : ` by process ${Number(busy.launcher_pid)}`;
      throw new ReproBusyError(`Pipeline "${r.pipeline}" is already being reproduced${who}: wait for it to end, or stop it, then run it again.`);
    }
    store.db
      .prepare(
        `INSERT INTO pipeline_runs (id, pipeline, status, target_stage, forced, dry_run, started_at, launcher_pid, author)
         VALUES (?, ?, 'running', ?, ?, 0, ?, ?, ?)`,
      )
      .run(r.id, r.pipeline, r.targetStage ?? null, r.forced ? 1 : 0, r.startedAt, process.pid, r.author);
    appendAudit(store, { action: 'pipeline.started', object: r.id, details: { pipeline: r.pipeline, stage: r.targetStage ?? null, forced: r.forced } });
  });
}

/** Counts of stages per outcome, for the audit entry and the summary line. */
export function outcomeCounts(stages: { outcome: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of stages) counts[s.outcome] = (counts[s.outcome] ?? 0) + 1;
  return counts;
}

/**
 * Sets a running pipeline run's final status with its 'pipeline.finished' entry, once: a row
 * already final (another process marked it lost) is left as it is. Returns whether it changed.
 */
export function finishPipelineRun(
  store: Store,
  id: string,
  end: { status: Exclude<PipelineRunStatus, 'running'>; endedAt: number; cost?: number; savedCost?: number; stages: Record<string, number> },
): boolean {
  return store.transaction(() => {
    const changed = store.db
      .prepare(`UPDATE pipeline_runs SET status = ?, ended_at = ?, launcher_pid = NULL, cost = ?, saved_cost = ? WHERE id = ? AND status = 'running'`)
      .run(end.status, end.endedAt, end.cost ?? null, end.savedCost ?? null, id);
    if (Number(changed.changes) === 0) return false;
    const run = store.db.prepare('SELECT pipeline FROM pipeline_runs WHERE id = ?').get<{ pipeline: string }>(id);
    appendAudit(store, {
      action: 'pipeline.finished',
      object: id,
      details: { pipeline: run?.pipeline ?? null, status: end.status, stages: end.stages, cost: end.cost ?? null, savedCost: end.savedCost ?? null },
    });
    return true;
  });
}

/** Writes (or overwrites) what the pipeline run did with one stage. */
export function putStageRun(store: Store, s: StageRunRecord): void {
  store.db
    .prepare(
      `INSERT INTO pipeline_stage_runs (pipeline_run_id, stage, outcome, run_id, key, reason, started_at, ended_at, saved_cost, pid, pid_start)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (pipeline_run_id, stage) DO UPDATE SET outcome = excluded.outcome, run_id = excluded.run_id, key = excluded.key,
         reason = excluded.reason, started_at = excluded.started_at, ended_at = excluded.ended_at, saved_cost = excluded.saved_cost,
         pid = excluded.pid, pid_start = excluded.pid_start`,
    )
    .run(s.pipelineRunId, s.stage, s.outcome, s.runId ?? null, s.key ?? null, s.reason, s.startedAt ?? null, s.endedAt ?? null, s.savedCost ?? null, s.pid ?? null, s.pidStart ?? null);
}

/** Sets the pipeline run and stage of a run a stage launched. */
export function linkStageRun(store: Store, runId: string, pipelineRunId: string, stage: string): void {
  store.db.prepare('UPDATE runs SET pipeline_run_id = ?, stage = ? WHERE id = ?').run(pipelineRunId, stage, runId);
}

export function getPipelineRun(store: Store, id: string): PipelineRunRecord | undefined {
  const r = store.db.prepare('SELECT * FROM pipeline_runs WHERE id = ?').get<PipelineRunRow>(id);
  return r ? fromRow(r) : undefined;
}

/** Pipeline runs, newest first; of one pipeline when named. */
export function listPipelineRuns(store: Store, filter: { pipeline?: string; limit?: number } = {}): PipelineRunRecord[] {
  const where = filter.pipeline === undefined ? '' : 'WHERE pipeline = ?';
  const limit = filter.limit ? `LIMIT ${Math.floor(filter.limit)}` : '';
  const args = filter.pipeline === undefined ? [] : [filter.pipeline];
  return store.db.prepare(`SELECT * FROM pipeline_runs ${where} ORDER BY started_at DESC, id DESC ${limit}`).all<PipelineRunRow>(...args).map(fromRow);
}

/** What one pipeline run did with each stage, in the order the stages started. */
export function stageRuns(store: Store, pipelineRunId: string): StageRunRecord[] {
  return store.db
    .prepare('SELECT * FROM pipeline_stage_runs WHERE pipeline_run_id = ? ORDER BY started_at, rowid')
    .all<StageRunRow>(pipelineRunId)
    .map((r) => ({
      pipelineRunId: r.pipeline_run_id,
      stage: r.stage,
      outcome: r.outcome,
      runId: r.run_id ?? undefined,
      key: r.key ?? undefined,
      reason: r.reason,
      startedAt: num(r.started_at),
      endedAt: num(r.ended_at),
      savedCost: num(r.saved_cost),
      pid: num(r.pid),
      pidStart: r.pid_start ?? undefined,
    }));
}
