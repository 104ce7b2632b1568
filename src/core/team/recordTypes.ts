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
  };
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
