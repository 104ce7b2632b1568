// Pulled pipeline runs: a teammate's `mlops repro`, with what it did with each stage, so the Runs
// view groups their stage runs under it as it groups ours. Stage runs and their pipeline run may
// arrive in either order (a run pushed before its pipeline run ended, or by an older mlops): the
// one that arrives second makes the link, and a run not here is named by no stage row (the foreign
// keys of runs.pipeline_run_id and pipeline_stage_runs.run_id want both ends here).
import type { Store } from '../store/store';
import { markTeamRecord, str, toInt, toIntOrNull, type ApplyContext } from './applyRecordsShared';
import { executedOutcomes } from './pipelineRunRecord';
import type { PipelineRunRecord } from './recordTypes';

export function applyPipelineRun(ctx: ApplyContext, p: Record<string, unknown>, seq: number): void {
  const id = str(p.id);
  // Ours, or pulled before: a pipeline run never changes once it has ended.
  if (!ctx.store.statement('SELECT 1 FROM pipeline_runs WHERE id = ?').get(id)) {
    insertPipelineRun(ctx, id, p.record as PipelineRunRecord, str(p.author));
    ctx.report.pulled.pipeline_run++;
    ctx.authors.add(str(p.author));
  }
  markTeamRecord(ctx, 'pipeline_run', id, str(p.digest), seq);
}

function insertPipelineRun(ctx: ApplyContext, id: string, r: PipelineRunRecord, author: string): void {
  const { store } = ctx;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  store
    .statement(
      `INSERT INTO pipeline_runs (id, pipeline, status, target_stage, forced, dry_run, started_at, ended_at, launcher_pid, author, cost, saved_cost)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?, NULL, ?, ?, ?)`,
    )
    .run(
      id,
      r.pipeline,
      r.status,
      r.target_stage ?? null,
      r.forced ? 1 : 0,
      toInt(r.started_at, `pipeline run ${id} started_at`),
      toIntOrNull(r.ended_at, `pipeline run ${id} ended_at`),
      author,
      num(r.cost),
      num(r.saved_cost),
    );
  const here = store.statement('SELECT pipeline_run_id FROM runs WHERE id = ?');
  const stage = store.statement(
    `INSERT INTO pipeline_stage_runs (pipeline_run_id, stage, outcome, run_id, key, reason, started_at, ended_at, saved_cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const link = store.statement('UPDATE runs SET pipeline_run_id = ?, stage = ? WHERE id = ?');
  for (const s of r.stages ?? []) {
    const run = s.run_id ? here.get<{ pipeline_run_id: string | null }>(s.run_id) : undefined;
    stage.run(
      id,
      s.stage,
      s.outcome,
      run ? s.run_id : null,
      s.key ?? null,
      str(s.reason),
      toIntOrNull(s.started_at, `pipeline run ${id} stage ${s.stage} started_at`),
      toIntOrNull(s.ended_at, `pipeline run ${id} stage ${s.stage} ended_at`),
      num(s.saved_cost),
    );
    // A stage run that arrived first was stored without its pipeline run: it joins it now.
    if (run && run.pipeline_run_id === null && executedOutcomes.has(s.outcome)) link.run(id, s.stage, s.run_id);
  }
}

/** A stage run that arrived after its pipeline run: the stage row that had to leave it out names it now. */
export function linkArrivedStageRun(store: Store, runId: string, pipelineRunId: string, stage: string): void {
  store
    .statement(`UPDATE pipeline_stage_runs SET run_id = ? WHERE pipeline_run_id = ? AND stage = ? AND run_id IS NULL AND outcome IN (${[...executedOutcomes].map(() => '?').join(', ')})`)
    .run(runId, pipelineRunId, stage, ...executedOutcomes);
}
