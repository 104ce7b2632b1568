// Pulled runs. A run is immutable and globally identified: one not here is inserted whole (origin
// 'team', its author, params, inputs, artifacts, tags, note and metrics); one already here (ours,
// or pulled before) takes the team's tags and note only (the last push wins). A run still running
// here is never touched, nor are tags or a note edited here since the last push (the next push sends them).
// Its usage and cost go to their runs columns; a stage run joins its pipeline run when that is here
// (else the pipeline run links it when it arrives: applyRecordsPipelines).
import { markTeamRecord, str, toInt, toIntOrNull, datasetVersionId, replaceTags, currentTags, editedHere, type ApplyContext, type PulledMetric } from './applyRecordsShared';
import { pulledRunDigest } from './pullDigests';
import { linkArrivedStageRun } from './applyRecordsPipelines';
import { runTagsDigest } from './recordDigest';
import type { RunRecord } from './recordTypes';
import { runUsageColumns, runUsageValues } from './runRecordFields';

/** The ids of a page's runs that are not in the local store: their metrics are read before applying. */
export function newRunIds(ctx: Pick<ApplyContext, 'store'>, ids: string[]): string[] {
  const known = ctx.store.statement('SELECT 1 FROM runs WHERE id = ?');
  return ids.filter((id) => !known.get(id));
}

export function applyRun(ctx: ApplyContext, p: Record<string, unknown>, seq: number): void {
  const { store } = ctx;
  const id = str(p.id);
  const tags = (p.tags ?? {}) as Record<string, string>;
  const note = str(p.note);
  const local = store.statement('SELECT status, note FROM runs WHERE id = ?').get<{ status: string; note: string }>(id);
  if (!local) {
    const metrics = ctx.metrics.get(id);
    // Read before the page's transaction for the runs that were new then; a run that appeared since
    // (another pull) is known now and took the other branch.
    if (!metrics) throw new Error(`pull: the metrics of run ${id} were not read with its page (internal error)`);
    insertRun(ctx, id, p.record as RunRecord, str(p.author), tags, note, metrics);
    ctx.report.pulled.run++;
    ctx.authors.add(str(p.author));
  } else if (local.status === 'running' || local.status === 'queued' || editedHere(ctx, 'run', id, runTagsDigest(currentTags(ctx, 'run_tags', id), local.note))) {
    return;
  } else if (replaceTags(ctx, 'run_tags', id, tags) || local.note !== note) {
    store.statement('UPDATE runs SET note = ? WHERE id = ?').run(note, id);
    ctx.report.pulled.run++;
  }
  markTeamRecord(ctx, 'run', id, pulledRunDigest(p), seq);
}

function insertRun(ctx: ApplyContext, id: string, r: RunRecord, author: string, tags: Record<string, string>, note: string, metrics: PulledMetric[]): void {
  const { store } = ctx;
  const run = r.run;
  const usage = runUsageValues(run);
  // Its pipeline run may come later (or never, when not pushed): the column's foreign key wants it here.
  const pipelineRunId = usage.pipeline_run_id === null || !store.statement('SELECT 1 FROM pipeline_runs WHERE id = ?').get(usage.pipeline_run_id) ? null : usage.pipeline_run_id;
  store
    .statement(
      `INSERT INTO runs (id, name, experiment, status, command, cwd, env_json, created_at, started_at, ended_at, exit_code,
                         git_commit, git_branch, git_dirty, git_diff, note, sweep_id, author, origin, ${runUsageColumns.join(', ')})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'team', ${runUsageColumns.map(() => '?').join(', ')})`,
    )
    .run(
      id,
      run.name,
      run.experiment,
      run.status,
      run.command,
      run.cwd,
      run.env_json,
      toInt(run.created_at, `run ${id} created_at`),
      toIntOrNull(run.started_at, `run ${id} started_at`),
      toIntOrNull(run.ended_at, `run ${id} ended_at`),
      toIntOrNull(run.exit_code, `run ${id} exit_code`),
      run.git_commit,
      run.git_branch,
      toIntOrNull(run.git_dirty, `run ${id} git_dirty`),
      run.git_diff,
      note,
      run.sweep_id,
      author,
      ...runUsageColumns.map((c) => (c === 'pipeline_run_id' ? pipelineRunId : usage[c])),
    );
  if (pipelineRunId !== null && usage.stage !== null) linkArrivedStageRun(store, id, pipelineRunId, usage.stage);
  const param = store.statement('INSERT INTO run_params (run_id, key, value) VALUES (?, ?, ?)');
  for (const [key, value] of Object.entries(r.params ?? {})) param.run(id, key, value);
  const input = store.statement('INSERT INTO run_inputs (run_id, path, hash, dataset_version_id) VALUES (?, ?, ?, ?)');
  for (const i of r.inputs ?? []) input.run(id, i.path, i.hash, datasetVersionId(store, i.dataset_version_uid));
  const artifact = store.statement('INSERT INTO artifacts (run_id, path, hash, size) VALUES (?, ?, ?, ?)');
  for (const a of r.artifacts ?? []) artifact.run(id, a.path, a.hash, toInt(a.size, `run ${id} artifact ${a.path} size`));
  replaceTags(ctx, 'run_tags', id, tags);
  const metric = store.statement('INSERT INTO metrics (run_id, key, step, value, timestamp) VALUES (?, ?, ?, ?, ?)');
  for (const m of metrics) {
    // NULL is NaN on both sides; the bigint columns arrive as text.
    metric.run(id, m.key, toInt(m.step, `run ${id} metric ${m.key} step`), m.value, toInt(m.timestamp, `run ${id} metric ${m.key} timestamp`));
  }
}
