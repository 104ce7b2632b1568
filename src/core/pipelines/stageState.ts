// stage_state: what each stage's outs in this workspace were last made (or restored) from. Status
// compares a stage's current command, params and dependencies against it.
import type { Scalar } from '../config/types';
import type { Store } from '../store/store';
import type { PathHash } from './types';

export interface StageStateRecord {
  pipeline: string;
  stage: string;
  key: string;
  /** After ${params.*} substitution. */
  command: string;
  params: Record<string, Scalar>;
  deps: PathHash[];
  outs: PathHash[];
  /** The run that made the outs (a restore points at the cached execution's run). */
  runId?: string;
  updatedAt: number;
}

interface Row {
  pipeline: string;
  stage: string;
  key: string;
  command: string;
  params_json: string;
  deps_json: string;
  outs_json: string;
  run_id: string | null;
  updated_at: number;
}

export function getStageState(store: Store, pipeline: string, stage: string): StageStateRecord | undefined {
  const row = store.db.prepare('SELECT * FROM stage_state WHERE pipeline = ? AND stage = ?').get<Row>(pipeline, stage);
  if (!row) return undefined;
  return {
    pipeline: row.pipeline,
    stage: row.stage,
    key: row.key,
    command: row.command,
    params: JSON.parse(row.params_json) as Record<string, Scalar>,
    deps: JSON.parse(row.deps_json) as PathHash[],
    outs: JSON.parse(row.outs_json) as PathHash[],
    runId: row.run_id ?? undefined,
    updatedAt: Number(row.updated_at),
  };
}

/** Replaces the stage's row; runCache.recordExecution calls it in the transaction that writes stage_cache. */
export function putStageState(store: Store, s: StageStateRecord): void {
  store.db
    .prepare(
      `INSERT OR REPLACE INTO stage_state (pipeline, stage, key, command, params_json, deps_json, outs_json, run_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(s.pipeline, s.stage, s.key, s.command, JSON.stringify(s.params), JSON.stringify(s.deps), JSON.stringify(s.outs), s.runId ?? null, s.updatedAt);
}
