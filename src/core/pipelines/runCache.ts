// The run cache (stage_cache): one successful execution of a stage per key. The same key again puts
// its outs back from the object cache instead of running the stage.
import { readManifest } from '../data/directoryManifest';
import { hasObject } from '../data/objectCache';
import type { Store } from '../store/store';
import { getRun } from '../tracking/runRecords';
import { putStageState, type StageStateRecord } from './stageState';
import type { PathHash, StageSpec } from './types';

export interface CacheEntry {
  key: string;
  pipeline: string;
  stage: string;
  runId?: string;
  outs: PathHash[];
  /** The metrics file's numbers, flattened. */
  metrics: Record<string, number>;
  cpuSeconds?: number;
  cost?: number;
  durationMs?: number;
  createdAt: number;
}

interface Row {
  key: string;
  pipeline: string;
  stage: string;
  run_id: string | null;
  outs_json: string;
  metrics_json: string;
  cpu_seconds: number | null;
  cost: number | null;
  duration_ms: number | null;
  created_at: number;
}

function fromRow(r: Row): CacheEntry {
  return {
    key: r.key,
    pipeline: r.pipeline,
    stage: r.stage,
    ...(r.run_id !== null ? { runId: r.run_id } : {}),
    outs: JSON.parse(r.outs_json) as PathHash[],
    metrics: JSON.parse(r.metrics_json) as Record<string, number>,
    ...(r.cpu_seconds !== null ? { cpuSeconds: r.cpu_seconds } : {}),
    ...(r.cost !== null ? { cost: r.cost } : {}),
    ...(r.duration_ms !== null ? { durationMs: Number(r.duration_ms) } : {}),
    createdAt: Number(r.created_at),
  };
}

/** The entry under `key`, whatever its objects. */
export function cacheEntry(store: Store, key: string): CacheEntry | undefined {
  const row = store.db.prepare('SELECT * FROM stage_cache WHERE key = ?').get<Row>(key);
  return row && fromRow(row);
}

/**
 * The cached execution under `key` whose outs can all be restored; undefined when there is none or
 * any out's object (a folder's manifest or one of its files) is gone from the object cache (deleted
 * by hand, quarantined as corrupt): the stage then runs again.
 */
export function lookupCache(store: Store, workspaceRoot: string, key: string): CacheEntry | undefined {
  const entry = cacheEntry(store, key);
  if (!entry) return undefined;
  return entry.outs.every((o) => outRestorable(store, workspaceRoot, o)) ? entry : undefined;
}

/** Whether the object cache holds everything to restore the out (a folder: its manifest and each of its files). */
export function outRestorable(store: Store, workspaceRoot: string, out: PathHash): boolean {
  if (!hasObject(workspaceRoot, out.hash)) return false;
  if (out.kind === 'file') return true;
  try {
    return readManifest(workspaceRoot, out.hash, { store, what: `The run cache's copy of ${out.path}` }).every((e) => hasObject(workspaceRoot, e.sha256));
  } catch {
    return false; // a corrupt manifest (now quarantined)
  }
}

/** A stage's cached executions, newest first. */
export function cacheEntries(store: Store, pipeline: string, stage: string): CacheEntry[] {
  return store.db
    .prepare('SELECT * FROM stage_cache WHERE pipeline = ? AND stage = ? ORDER BY created_at DESC, key')
    .all<Row>(pipeline, stage)
    .map(fromRow);
}

/**
 * Records that the stage's outs on disk are now `entry`'s (the stage ran, or they were restored from
 * the cache): the cache entry (replaced) and the stage's state, in one transaction. `deps` are the
 * dependency hashes the key was computed from.
 */
export function recordExecution(store: Store, entry: Omit<CacheEntry, 'createdAt'> & { createdAt?: number }, stage: StageSpec, deps: PathHash[]): CacheEntry {
  const now = Date.now();
  const e: CacheEntry = { ...entry, createdAt: entry.createdAt ?? now };
  store.transaction(() => {
    store.db
      .prepare(
        `INSERT OR REPLACE INTO stage_cache (key, pipeline, stage, run_id, outs_json, metrics_json, cpu_seconds, cost, duration_ms, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.key, e.pipeline, e.stage, e.runId ?? null, JSON.stringify(e.outs), JSON.stringify(e.metrics), e.cpuSeconds ?? null, e.cost ?? null, e.durationMs ?? null, e.createdAt);
    putStageState(store, { pipeline: e.pipeline, stage: e.stage, key: e.key, command: stage.command, params: stage.params, deps, outs: e.outs, runId: e.runId, updatedAt: now });
  });
  return e;
}

/** What the execution that made a stage's current outs cost: its run's cost, else its cache entry's (the run deleted). */
export function lastCost(store: Store, state: Pick<StageStateRecord, 'runId' | 'key'>): number | undefined {
  return (state.runId ? getRun(store, state.runId)?.cost : undefined) ?? cacheEntry(store, state.key)?.cost;
}
