// What the pipeline modules share: a pipeline's stages resolved from mlops.json, their order, the
// state of each stage against the store, and what `mlops repro` reports as it goes. The store
// tables behind them are in store/migrations.ts (version 7).
import type { Prices, Scalar } from '../config/types';

/** A file or folder a stage reads or writes, as hashed (stat cache first). */
export interface PathHash {
  /** Workspace-relative, '/'-separated. */
  path: string;
  kind: 'file' | 'dir';
  /** SHA-256 of the file, or of the folder's manifest (data/directoryManifest). */
  hash: string;
  size: number;
  /**
   * Outs only: the files (workspace-relative: the out itself, or files in a folder out) that had the
   * executable bit, so a restore gives it back. Kept beside the hash, not in a folder's manifest,
   * whose hash is the folder's version hash. Absent when none had it.
   */
  executable?: string[];
}

/** One stage of a pipeline, resolved from mlops.json: relative paths normalized, params merged. */
export interface StageSpec {
  pipeline: string;
  name: string;
  /** The command as written, with ${params.*} still in it. */
  commandTemplate: string;
  /** The command after ${params.*} substitution (what runs and what the key covers). */
  command: string;
  /** Workspace-relative working folder, '.' by default. */
  cwd: string;
  /** Dependencies as written in mlops.json: dataset names or paths. */
  deps: string[];
  /** Each dependency as a workspace-relative path ('/'-separated); a dataset name becomes its path. */
  depPaths: string[];
  params: Record<string, Scalar>;
  /** Workspace-relative outs, '/'-separated. */
  outs: string[];
  metrics?: string;
  env?: Record<string, string>;
  registers?: { model: string; artifact?: string; promote?: string };
  /** The prices that apply: the stage's over the pipeline's over the top-level "cost". */
  prices?: Prices;
}

/** An edge: `to` reads `via`, which `from` writes. */
export interface StageEdge {
  from: string;
  to: string;
  via: string;
}

/** A pipeline whose graph is valid: no cycle, each out written by one stage. */
export interface PipelineGraph {
  name: string;
  /** In an order where every stage comes after the stages it depends on (ties by name). */
  stages: StageSpec[];
  edges: StageEdge[];
}

/** Why a stage would run. Each names the thing that changed, so status can say it. */
export type StaleReason =
  | { kind: 'never-run' }
  | { kind: 'command'; was: string; now: string }
  | { kind: 'param'; name: string; was?: Scalar; now?: Scalar }
  | { kind: 'dep'; path: string; change: 'modified' | 'added' | 'removed' | 'missing' }
  | { kind: 'out'; path: string; change: 'modified' | 'missing' }
  | { kind: 'upstream'; stage: string }
  /** Its cwd, env, outs or metrics file changed (stage_state keeps only command, params, deps and outs' hashes). */
  | { kind: 'definition' }
  | { kind: 'forced' };

export type StageState =
  /** Its key equals the last execution's and its outs are on disk as that execution left them. */
  | 'up-to-date'
  /** Would run: see the reasons. */
  | 'stale'
  /** Would be restored from the run cache instead of run (its key has a cached execution). */
  | 'cached'
  | 'running'
  | 'failed'
  | 'restored';

export interface StageStatus {
  stage: string;
  state: StageState;
  /** Empty when up to date. */
  reasons: StaleReason[];
  /** The current key; undefined when a dependency is missing or an upstream stage is stale (it depends on outs not yet made). */
  key?: string;
  /** The run that made the outs now recorded (stage_state.run_id). */
  lastRunId?: string;
  /** That execution's cost, when priced. */
  lastCost?: number;
}

export interface PipelineStatus {
  pipeline: string;
  stages: StageStatus[];
  /** Content bytes read to answer (0 when the stat cache knew every file). */
  bytesRead: number;
}

/** What `mlops repro` does with a stage, reported as it happens (CLI lines, the Pipelines view, the DAG panel). */
export type ReproEvent =
  | { type: 'stage-start'; stage: string; runId: string; reasons: StaleReason[] }
  | { type: 'stage-output'; stage: string; runId: string; data: Buffer; stream: 'stdout' | 'stderr' }
  | { type: 'stage-end'; stage: string; outcome: StageOutcome; runId?: string; cost?: number; savedCost?: number; message?: string }
  /** Before anything runs: a stage a killed repro left half-done had its outs put back as they were. */
  | { type: 'outs-put-back'; stage: string; pipelineRunId: string; outs: string[] };

export type StageOutcome = 'ran' | 'restored' | 'up-to-date' | 'failed' | 'killed' | 'not-run';

export interface ReproResult {
  pipelineRunId: string;
  status: 'finished' | 'failed' | 'killed';
  /** cost: an executed stage's run's; savedCost: what an up-to-date or restored stage's last execution cost. */
  stages: { stage: string; outcome: StageOutcome; runId?: string; reason: string; cost?: number; savedCost?: number }[];
  cost?: number;
  savedCost?: number;
  /** A dry run: the outcomes are what a repro would do ('ran': would run), and nothing was recorded. */
  dryRun?: boolean;
}

/** A pipeline that cannot be built or run, said with the fix; the CLI exits 2 on it. */
export class PipelineError extends Error {}
