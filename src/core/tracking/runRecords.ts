import { appendAudit } from '../audit/appendAudit';
import type { Store } from '../store/store';

export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'killed' | 'lost';
export const runStatuses: readonly RunStatus[] = ['queued', 'running', 'finished', 'failed', 'killed', 'lost'];
export const finalStatuses: ReadonlySet<RunStatus> = new Set(['finished', 'failed', 'killed', 'lost']);

export interface GitState {
  commit?: string;
  branch?: string;
  dirty?: boolean;
  /** Object hash of `git diff HEAD` when dirty. */
  diff?: string;
}

export interface RunEnvironment {
  python?: string;
  os?: string;
  node?: string;
  [k: string]: string | undefined;
}

/** One run as the runs table holds it (params, tags, inputs and artifacts live in their own tables). */
export interface RunRecord {
  id: string;
  name: string;
  experiment: string;
  status: RunStatus;
  command: string;
  cwd: string;
  params: Record<string, unknown>;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  exitCode?: number;
  pid?: number;
  launcherPid?: number;
  git: GitState;
  environment: RunEnvironment;
  note: string;
  sweepId?: string;
  /** The pipeline run and stage this run executed (mlops repro). */
  pipelineRunId?: string;
  stage?: string;
  /** Measured over the run's process tree (core/cost); undefined for runs from before measuring. */
  cpuSeconds?: number;
  gpuSeconds?: number;
  gpuUtil?: number;
  /** In `currency`; undefined when no price applied. */
  cost?: number;
  currency?: string;
}

interface RunRow {
  id: string;
  name: string;
  experiment: string;
  status: RunStatus;
  command: string;
  cwd: string;
  params: string | null;
  env_json: string;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  exit_code: number | null;
  pid: number | null;
  launcher_pid: number | null;
  git_commit: string | null;
  git_branch: string | null;
  git_dirty: number | null;
  git_diff: string | null;
  note: string;
  sweep_id: string | null;
  pipeline_run_id: string | null;
  stage: string | null;
  cpu_seconds: number | null;
  gpu_seconds: number | null;
  gpu_util: number | null;
  cost: number | null;
  currency: string | null;
}

const num = (v: number | bigint | null): number | undefined => (v === null ? undefined : Number(v));
const str = (v: string | null): string | undefined => (v === null ? undefined : v);

const columns = `r.id, r.name, r.experiment, r.status, r.command, r.cwd, r.env_json, r.created_at, r.started_at, r.ended_at,
  r.exit_code, r.pid, r.launcher_pid, r.git_commit, r.git_branch, r.git_dirty, r.git_diff, r.note, r.sweep_id,
  r.pipeline_run_id, r.stage, r.cpu_seconds, r.gpu_seconds, r.gpu_util, r.cost, r.currency,
  (SELECT json_group_object(p.key, json(p.value)) FROM run_params p WHERE p.run_id = r.id) AS params`;

function fromRow(r: RunRow): RunRecord {
  return {
    id: r.id,
    name: r.name,
    experiment: r.experiment,
    status: r.status,
    command: r.command,
    cwd: r.cwd,
    params: r.params ? (JSON.parse(r.params) as Record<string, unknown>) : {},
    createdAt: Number(r.created_at),
    startedAt: num(r.started_at),
    endedAt: num(r.ended_at),
    exitCode: num(r.exit_code),
    pid: num(r.pid),
    launcherPid: num(r.launcher_pid),
    git: {
      commit: str(r.git_commit),
      branch: str(r.git_branch),
      dirty: r.git_dirty === null ? undefined : Number(r.git_dirty) === 1,
      diff: str(r.git_diff),
    },
    environment: JSON.parse(r.env_json) as RunEnvironment,
    note: r.note,
    sweepId: str(r.sweep_id),
    pipelineRunId: str(r.pipeline_run_id),
    stage: str(r.stage),
    cpuSeconds: num(r.cpu_seconds),
    gpuSeconds: num(r.gpu_seconds),
    gpuUtil: num(r.gpu_util),
    cost: num(r.cost),
    currency: str(r.currency),
  };
}

export type NewRun = Pick<RunRecord, 'id' | 'name' | 'experiment' | 'status' | 'command' | 'cwd' | 'params' | 'createdAt'> &
  Partial<Pick<RunRecord, 'startedAt' | 'endedAt' | 'exitCode' | 'pid' | 'launcherPid' | 'git' | 'environment' | 'note' | 'sweepId'>>;

export function insertRun(store: Store, run: NewRun): void {
  store.transaction(() => {
    store.db
      .prepare(
        `INSERT INTO runs (id, name, experiment, status, command, cwd, env_json, created_at, started_at, ended_at, exit_code,
                           pid, launcher_pid, git_commit, git_branch, git_dirty, git_diff, note, sweep_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.id,
        run.name,
        run.experiment,
        run.status,
        run.command,
        run.cwd,
        JSON.stringify(run.environment ?? {}),
        run.createdAt,
        run.startedAt ?? null,
        run.endedAt ?? null,
        run.exitCode ?? null,
        run.pid ?? null,
        run.launcherPid ?? null,
        run.git?.commit ?? null,
        run.git?.branch ?? null,
        run.git?.dirty === undefined ? null : run.git.dirty ? 1 : 0,
        run.git?.diff ?? null,
        run.note ?? '',
        run.sweepId ?? null,
      );
    setParams(store, run.id, run.params);
    // The command stays out: the log is permanent, and a command line may carry a secret.
    appendAudit(store, { action: 'run.created', object: run.id, details: { name: run.name, experiment: run.experiment, status: run.status } });
  });
}

/** Sets params (JSON values), replacing same-named ones. */
export function setParams(store: Store, runId: string, params: Record<string, unknown>): void {
  const stmt = store.db.prepare('INSERT INTO run_params (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value');
  for (const [k, v] of Object.entries(params)) stmt.run(runId, k, JSON.stringify(v ?? null));
}

export function getRun(store: Store, id: string): RunRecord | undefined {
  const row = store.db.prepare(`SELECT ${columns} FROM runs r WHERE r.id = ?`).get<RunRow>(id);
  return row ? fromRow(row) : undefined;
}

/**
 * Every run's id and status in one string: it changes when a run is added, removed or changes status,
 * and only then, so a view can tell a new shape from new figures without reading whole runs.
 */
export function runsFingerprint(store: Store): string {
  return store.db.prepare(`SELECT group_concat(id || ':' || status, ',') AS s FROM (SELECT id, status FROM runs ORDER BY id)`).get<{ s: string | null }>()?.s ?? '';
}

/** How many runs have this status (e.g. 'running', whichever process launched them). */
export function countRuns(store: Store, status: RunStatus): number {
  return Number(store.db.prepare('SELECT COUNT(*) AS n FROM runs WHERE status = ?').get<{ n: number | bigint }>(status)?.n ?? 0);
}

/** Newest first. */
export function listRuns(store: Store, filter: { experiment?: string; status?: RunStatus; ids?: string[]; limit?: number } = {}): RunRecord[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.experiment) {
    where.push('r.experiment = ?');
    args.push(filter.experiment);
  }
  if (filter.status) {
    where.push('r.status = ?');
    args.push(filter.status);
  }
  if (filter.ids) {
    where.push(`r.id IN (${filter.ids.map(() => '?').join(', ') || 'NULL'})`);
    args.push(...filter.ids);
  }
  const sql = `SELECT ${columns} FROM runs r ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
                ORDER BY r.created_at DESC, r.id DESC ${filter.limit ? 'LIMIT ' + Math.floor(filter.limit) : ''}`;
  return store.db.prepare(sql).all<RunRow>(...args).map(fromRow);
}

export interface RunUpdate {
  status?: RunStatus;
  startedAt?: number;
  endedAt?: number;
  exitCode?: number | null;
  pid?: number;
  launcherPid?: number | null;
  note?: string;
  git?: GitState;
  environment?: RunEnvironment;
  /** What the run used (core/cost), written with its end. */
  cpuSeconds?: number;
  gpuSeconds?: number;
  gpuUtil?: number;
  cost?: number;
  currency?: string;
}

export function updateRun(store: Store, id: string, u: RunUpdate): void {
  const sets: string[] = [];
  const args: (string | number | null)[] = [];
  const set = (col: string, v: string | number | null) => {
    sets.push(`${col} = ?`);
    args.push(v);
  };
  if (u.status !== undefined) set('status', u.status);
  if (u.startedAt !== undefined) set('started_at', u.startedAt);
  if (u.endedAt !== undefined) set('ended_at', u.endedAt);
  if (u.exitCode !== undefined) set('exit_code', u.exitCode);
  if (u.pid !== undefined) set('pid', u.pid);
  if (u.launcherPid !== undefined) set('launcher_pid', u.launcherPid);
  if (u.note !== undefined) set('note', u.note);
  if (u.environment !== undefined) set('env_json', JSON.stringify(u.environment));
  if (u.cpuSeconds !== undefined) set('cpu_seconds', u.cpuSeconds);
  if (u.gpuSeconds !== undefined) set('gpu_seconds', u.gpuSeconds);
  if (u.gpuUtil !== undefined) set('gpu_util', u.gpuUtil);
  if (u.cost !== undefined) set('cost', u.cost);
  if (u.currency !== undefined) set('currency', u.currency);
  if (u.git !== undefined) {
    set('git_commit', u.git.commit ?? null);
    set('git_branch', u.git.branch ?? null);
    set('git_dirty', u.git.dirty === undefined ? null : u.git.dirty ? 1 : 0);
    set('git_diff', u.git.diff ?? null);
  }
  if (!sets.length) return;
  const update = () => store.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
  if (u.status === undefined || !finalStatuses.has(u.status)) {
    update();
    return;
  }
  // Reaching a final status is audited once, with the update it records.
  store.transaction(() => {
    const before = store.db.prepare('SELECT status FROM runs WHERE id = ?').get<{ status: RunStatus }>(id)?.status;
    update();
    if (before !== undefined && !finalStatuses.has(before)) {
      appendAudit(store, { action: 'run.finished', object: id, details: { status: u.status, exitCode: u.exitCode ?? null } });
    }
  });
}

export function setTags(store: Store, runId: string, tags: Record<string, string>): void {
  const stmt = store.db.prepare('INSERT INTO run_tags (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value');
  for (const [k, v] of Object.entries(tags)) stmt.run(runId, k, v);
}

export function getTags(store: Store, runId: string): Record<string, string> {
  const rows = store.db.prepare('SELECT key, value FROM run_tags WHERE run_id = ? ORDER BY key').all<{ key: string; value: string }>(runId);
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export interface RunInput {
  path: string;
  hash: string;
  /** The dataset version this input was linked to (when the file is a versioned dataset item). */
  dataset?: { name: string; version: number };
}

export function setInputs(store: Store, runId: string, inputs: RunInput[]): void {
  const stmt = store.db.prepare('INSERT OR REPLACE INTO run_inputs (run_id, path, hash) VALUES (?, ?, ?)');
  for (const i of inputs) stmt.run(runId, i.path, i.hash);
}

export function getInputs(store: Store, runId: string): RunInput[] {
  const rows = store.db
    .prepare(
      `SELECT i.path, i.hash, v.dataset, v.version FROM run_inputs i LEFT JOIN dataset_versions v ON v.id = i.dataset_version_id
       WHERE i.run_id = ? ORDER BY i.path`,
    )
    .all<{ path: string; hash: string; dataset: string | null; version: number | null }>(runId);
  return rows.map((r) => ({ path: r.path, hash: r.hash, ...(r.dataset !== null && r.version !== null ? { dataset: { name: r.dataset, version: Number(r.version) } } : {}) }));
}

export interface RunArtifact {
  path: string;
  hash: string;
  size: number;
}

export function addArtifact(store: Store, runId: string, a: RunArtifact): void {
  store.db.prepare('INSERT OR REPLACE INTO artifacts (run_id, path, hash, size) VALUES (?, ?, ?, ?)').run(runId, a.path, a.hash, a.size);
}

/** Paths the run logged as artifacts whose content is not stored yet (the ingestor records them with no hash). */
export function unstoredArtifactPaths(store: Store, runId: string): string[] {
  return store.db.prepare(`SELECT path FROM artifacts WHERE run_id = ? AND hash = '' ORDER BY path`).all<{ path: string }>(runId).map((r) => r.path);
}

/** Forgets a logged artifact that was never stored (its file did not exist); a stored one stays. */
export function forgetUnstoredArtifact(store: Store, runId: string, path: string): void {
  store.db.prepare(`DELETE FROM artifacts WHERE run_id = ? AND path = ? AND hash = ''`).run(runId, path);
}

export function getArtifacts(store: Store, runId: string): RunArtifact[] {
  return store.db
    .prepare('SELECT path, hash, size FROM artifacts WHERE run_id = ? ORDER BY path')
    .all<RunArtifact>(runId)
    .map((a) => ({ ...a, size: Number(a.size) }));
}

export function experiments(store: Store): string[] {
  return store.db.prepare('SELECT DISTINCT experiment FROM runs ORDER BY experiment').all<{ experiment: string }>().map((r) => r.experiment);
}
