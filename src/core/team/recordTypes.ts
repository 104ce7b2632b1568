// What travels in the "record" jsonb of the team store's rows (serverMigrations.ts): the local rows
// of one record, as stored in .mlops/store.db (snake_case, same types), with what hangs off them.
// Push builds these from the local store (pushRecords); pull writes them back (pullRecords). Local
// ids (integer primary keys) never travel: versions are named by uid, runs by their global id.

/** A run: its row without what is local to one machine (pid, launcher_pid) or editable (note; tags travel beside). */
export interface RunRecord {
  run: {
    name: string;
    experiment: string;
    status: 'finished' | 'failed' | 'killed' | 'lost';
    command: string;
    cwd: string;
    env_json: string;
    created_at: number;
    started_at: number | null;
    ended_at: number | null;
    exit_code: number | null;
    git_commit: string | null;
    git_branch: string | null;
    git_dirty: number | null;
    git_diff: string | null;
    sweep_id: string | null;
  } & RunUsageFields;
  /** run_params: key -> the stored JSON text. */
  params: Record<string, string>;
  /** run_inputs, with the dataset version named by uid (null for a plain file). */
  inputs: { path: string; hash: string; dataset_version_uid: string | null }[];
  artifacts: { path: string; hash: string; size: number }[];
  /** Metric rows: sent to mlops.run_metrics by COPY, not inside the record; their count and SHA-256 are. */
  metrics: { count: number; sha256: string };
  /** Objects this run needs beyond artifacts and inputs: a folder artifact's files (object_refs children). */
  children: string[];
}

/**
 * What a run gained with pipelines and cost (local store migration 7). Each is in the record, and so
 * in its digest, only when set: a run without them has the record and digest it had before they
 * existed, and a record pushed before then (none of them) still verifies (runRecordFields.ts).
 */
export interface RunUsageFields {
  cpu_seconds?: number;
  gpu_seconds?: number;
  /** Mean utilisation (percent) of the GPUs the run used. */
  gpu_util?: number;
  cost?: number;
  currency?: string;
  /** The pipeline run (mlops repro) that executed this run as its stage `stage`. */
  pipeline_run_id?: string;
  stage?: string;
}

/** A pipeline run (one `mlops repro`) once it has ended: what it did with each stage it reached. */
export interface PipelineRunRecord {
  pipeline: string;
  status: 'finished' | 'failed' | 'killed' | 'lost';
  /** --stage S: S and what it depends on; null for the whole pipeline. */
  target_stage: string | null;
  forced: boolean;
  started_at: number;
  ended_at: number | null;
  /** Sum of the executed stages' cost; what the run cache saved (the skipped stages' last cost). */
  cost: number | null;
  saved_cost: number | null;
  /** pipeline_stage_runs, by stage name. run_id: the stage's own run (ran, failed, killed) or the run whose outs it kept. */
  stages: {
    stage: string;
    outcome: 'ran' | 'restored' | 'up-to-date' | 'failed' | 'killed' | 'not-run';
    run_id: string | null;
    key: string | null;
    reason: string;
    started_at: number | null;
    ended_at: number | null;
    saved_cost: number | null;
  }[];
}

export interface DatasetVersionRecord {
  mtime: number | null;
  source: 'watch' | 'cli' | 'run-input' | 'restore';
  note: string;
  /** The newest validation of this version, when there is one. */
  validation: { expectations_json: string; success: number; result_json: string; validated_at: number } | null;
  /** A folder version's objects (object_refs children of its manifest). */
  children: string[];
}

export interface ModelVersionRecord {
  artifact_path: string;
  artifact_kind: 'file' | 'directory';
  artifact_size: number;
  description: string;
  metrics_json: string;
  signature_json: string | null;
  registered_by: string;
  children: string[];
}

export interface DriftCheckRecord {
  batch_label: string;
  reference_label: string;
  drift_share: number | null;
  drifted_columns: number;
  total_columns: number;
  error: string | null;
  report_json: string;
  columns: { name: string; type: string; method: string; statistic: number | null; p_value: number | null; threshold: number; drift: number }[];
}
