// A run as it travels to the team store (recordTypes.RunRecord): its row without what is local to
// one machine, with params, inputs (dataset versions by uid), artifacts and the objects a folder
// artifact holds; its usage, cost and pipeline stage when set (runRecordFields); tags and note beside
// it (editable), metric rows beside it (sent by COPY).
import type { Store } from '../store/store';
import { metricRowsDigest, recordDigest, runTagsDigest, type MetricRow } from './recordDigest';
import type { RunRecord } from './recordTypes';
import { runUsageColumns, runUsageFields, type RunUsageRow } from './runRecordFields';

export interface RunPush {
  id: string;
  /** runs.author as stored: '' means this workspace's actor. */
  author: string;
  record: RunRecord;
  /** recordDigest(record): what the team store's runs.digest must equal. */
  digest: string;
  tags: Record<string, string>;
  note: string;
  /** runTagsDigest(tags, note): team_records.digest of a pushed run. */
  tagsDigest: string;
  metrics: MetricRow[];
}

interface RunRow extends Omit<RunRecord['run'], 'status' | keyof RunUsageRow>, RunUsageRow {
  status: string;
  note: string;
  author: string;
}

/** The run `runId` as push sends it; an Error when it does not exist or has not ended. */
export function runRecord(store: Store, runId: string): RunPush {
  const row = store
    .statement(
      `SELECT name, experiment, status, command, cwd, env_json, created_at, started_at, ended_at, exit_code,
              git_commit, git_branch, git_dirty, git_diff, sweep_id, note, author, ${runUsageColumns.join(', ')} FROM runs WHERE id = ?`,
    )
    .get<RunRow>(runId);
  if (!row) throw new Error(`run ${runId} is not in this store`);
  if (!['finished', 'failed', 'killed', 'lost'].includes(row.status)) throw new Error(`run ${runId} is ${row.status}: only an ended run can be pushed`);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const params = Object.fromEntries(
    store.statement('SELECT key, value FROM run_params WHERE run_id = ? ORDER BY key').all<{ key: string; value: string }>(runId).map((p) => [p.key, p.value]),
  );
  const inputs = store
    .statement(
      `SELECT i.path AS path, i.hash AS hash, v.uid AS dataset_version_uid
         FROM run_inputs i LEFT JOIN dataset_versions v ON v.id = i.dataset_version_id WHERE i.run_id = ? ORDER BY i.path`,
    )
    .all<{ path: string; hash: string; dataset_version_uid: string | null }>(runId)
    .map((i) => ({ path: i.path, hash: i.hash, dataset_version_uid: i.dataset_version_uid ?? null }));
  const artifacts = store
    .statement("SELECT path, hash, size FROM artifacts WHERE run_id = ? AND hash <> '' ORDER BY path")
    .all<{ path: string; hash: string; size: number }>(runId)
    .map((a) => ({ path: a.path, hash: a.hash, size: Number(a.size) }));
  const children = store
    .statement(
      `SELECT DISTINCT r.child AS child FROM object_refs r
        WHERE r.parent IN (SELECT hash FROM artifacts WHERE run_id = ? AND hash <> '') ORDER BY r.child`,
    )
    .all<{ child: string }>(runId)
    .map((c) => c.child);
  // In the digest's order (SQLite sorts NULL, our NaN, first as metricRowsDigest does), so it need not sort.
  const metrics = store.statement('SELECT key, step, value, timestamp FROM metrics WHERE run_id = ? ORDER BY key, step, timestamp, value').all<MetricRow>(runId);
  const record: RunRecord = {
    run: {
      name: row.name,
      experiment: row.experiment,
      status: row.status as RunRecord['run']['status'],
      command: row.command,
      cwd: row.cwd,
      env_json: row.env_json,
      created_at: Number(row.created_at),
      started_at: num(row.started_at),
      ended_at: num(row.ended_at),
      exit_code: num(row.exit_code),
      git_commit: row.git_commit ?? null,
      git_branch: row.git_branch ?? null,
      git_dirty: num(row.git_dirty),
      git_diff: row.git_diff ?? null,
      sweep_id: row.sweep_id ?? null,
      ...runUsageFields(row),
    },
    params,
    inputs,
    artifacts,
    metrics: { count: metrics.length, sha256: metricRowsDigest(metrics) },
    children,
  };
  const tags = runTags(store, runId);
  return { id: runId, author: row.author, record, digest: recordDigest(record), tags, note: row.note, tagsDigest: runTagsDigest(tags, row.note), metrics };
}

export function runTags(store: Store, runId: string): Record<string, string> {
  const rows = store.statement('SELECT key, value FROM run_tags WHERE run_id = ? ORDER BY key').all<{ key: string; value: string }>(runId);
  return Object.fromEntries(rows.map((t) => [t.key, t.value]));
}

/** The objects a run needs on the remote: artifacts, inputs, its uncommitted diff, a folder artifact's files. */
export function runObjects(r: RunRecord): string[] {
  return [...r.artifacts.map((a) => a.hash), ...r.inputs.map((i) => i.hash), ...(r.run.git_diff ? [r.run.git_diff] : []), ...r.children];
}
