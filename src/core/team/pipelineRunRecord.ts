// A pipeline run as it travels to the team store (recordTypes.PipelineRunRecord): its pipeline_runs
// row without what is local to one machine (launcher_pid), with what it did with each stage. Only an
// ended one travels, and it never changes after that, so its digest is team_records' digest.
import type { Store } from '../store/store';
import { recordDigest } from './recordDigest';
import type { PipelineRunRecord } from './recordTypes';

export interface PipelineRunPush {
  id: string;
  /** pipeline_runs.author as stored: '' means this workspace's actor. */
  author: string;
  record: PipelineRunRecord;
  digest: string;
}

const ended = new Set(['finished', 'failed', 'killed', 'lost']);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v));

/** The pipeline run `id` as push sends it; an Error when it does not exist or has not ended. */
export function pipelineRunRecord(store: Store, id: string): PipelineRunPush {
  const p = store
    .statement('SELECT pipeline, status, target_stage, forced, started_at, ended_at, author, cost, saved_cost FROM pipeline_runs WHERE id = ?')
    .get<{ pipeline: string; status: string; target_stage: string | null; forced: number; started_at: number; ended_at: number | null; author: string; cost: number | null; saved_cost: number | null }>(id);
  if (!p) throw new Error(`pipeline run ${id} is not in this store`);
  if (!ended.has(p.status)) throw new Error(`pipeline run ${id} is ${p.status}: only an ended pipeline run can be pushed`);
  const stages = store
    .statement('SELECT stage, outcome, run_id, key, reason, started_at, ended_at, saved_cost FROM pipeline_stage_runs WHERE pipeline_run_id = ? ORDER BY stage')
    .all<PipelineRunRecord['stages'][number]>(id)
    .map((s) => ({
      stage: s.stage,
      outcome: s.outcome,
      run_id: s.run_id ?? null,
      key: s.key ?? null,
      reason: s.reason,
      started_at: numOrNull(s.started_at),
      ended_at: numOrNull(s.ended_at),
      saved_cost: numOrNull(s.saved_cost),
    }));
  const record: PipelineRunRecord = {
    pipeline: p.pipeline,
    status: p.status as PipelineRunRecord['status'],
    target_stage: p.target_stage ?? null,
    forced: Number(p.forced) === 1,
    started_at: Number(p.started_at),
    ended_at: numOrNull(p.ended_at),
    cost: numOrNull(p.cost),
    saved_cost: numOrNull(p.saved_cost),
    stages,
  };
  return { id, author: p.author, record, digest: recordDigest(record) };
}

/** The stage outcomes whose run_id is the stage's own run, executed by this pipeline run (not one whose outs it kept). */
export const executedOutcomes: ReadonlySet<string> = new Set(['ran', 'failed', 'killed']);
