// A pipeline run as it travels to the team store (recordTypes.PipelineRunRecord): its pipeline_runs
// row without what is local to one machine (launcher_pid), with what it did with each stage. Only an
// ended one travels, and it never changes after that, so its digest is team_records' digest.
import { getPipelineRun, stageRuns } from '../pipelines/pipelineRuns';
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
const orNull = <T>(v: T | undefined): T | null => v ?? null;

/** The pipeline run `id` as push sends it; an Error when it does not exist or has not ended. */
export function pipelineRunRecord(store: Store, id: string): PipelineRunPush {
  const p = getPipelineRun(store, id);
  if (!p) throw new Error(`pipeline run ${id} is not in this store`);
  if (!ended.has(p.status)) throw new Error(`pipeline run ${id} is ${p.status}: only an ended pipeline run can be pushed`);
  const stages = stageRuns(store, id)
    .map((s) => ({
      stage: s.stage,
      outcome: s.outcome as PipelineRunRecord['stages'][number]['outcome'],
      run_id: orNull(s.runId),
      key: orNull(s.key),
      reason: s.reason,
      started_at: orNull(s.startedAt),
      ended_at: orNull(s.endedAt),
      saved_cost: orNull(s.savedCost),
    }))
    .sort((a, b) => (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0));
  const record: PipelineRunRecord = {
    pipeline: p.pipeline,
    status: p.status as PipelineRunRecord['status'],
    target_stage: orNull(p.targetStage),
    forced: p.forced,
    started_at: p.startedAt,
    ended_at: orNull(p.endedAt),
    cost: orNull(p.cost),
    saved_cost: orNull(p.savedCost),
    stages,
  };
  return { id, author: p.author, record, digest: recordDigest(record) };
}

/** The stage outcomes whose run_id is the stage's own run, executed by this pipeline run (not one whose outs it kept). */
export const executedOutcomes: ReadonlySet<string> = new Set(['ran', 'failed', 'killed']);
