import type { Store } from '../store/store';

export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'killed' | 'lost';

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
}

interface RunRow {
  id: string;
  name: string;
  experiment: string;
  status: RunStatus;
  command: string;
  cwd: string;
  params_json: string;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  exit_code: number | null;
}

const num = (v: number | bigint | null): number | undefined => (v === null ? undefined : Number(v));

function fromRow(r: RunRow): RunRecord {
  return {
    id: r.id,
    name: r.name,
    experiment: r.experiment,
    status: r.status,
    command: r.command,
    cwd: r.cwd,
    params: JSON.parse(r.params_json) as Record<string, unknown>,
    createdAt: Number(r.created_at),
    startedAt: num(r.started_at),
    endedAt: num(r.ended_at),
    exitCode: num(r.exit_code),
  };
}

export function insertRun(store: Store, run: RunRecord): void {
  store.db
    .prepare(
      `INSERT INTO runs (id, name, experiment, status, command, cwd, params_json, created_at, started_at, ended_at, exit_code)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      run.id,
      run.name,
      run.experiment,
      run.status,
      run.command,
      run.cwd,
      JSON.stringify(run.params),
      run.createdAt,
      run.startedAt ?? null,
      run.endedAt ?? null,
      run.exitCode ?? null,
    );
}

/** Newest first. */
export function listRuns(store: Store, filter: { experiment?: string; status?: RunStatus; limit?: number } = {}): RunRecord[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.experiment) {
    where.push('experiment = ?');
    args.push(filter.experiment);
  }
  if (filter.status) {
    where.push('status = ?');
    args.push(filter.status);
  }
  const sql = `SELECT id, name, experiment, status, command, cwd, params_json, created_at, started_at, ended_at, exit_code
                 FROM runs ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
                ORDER BY created_at DESC, id DESC ${filter.limit ? 'LIMIT ' + Math.floor(filter.limit) : ''}`;
  return store.db.prepare(sql).all<RunRow>(...args).map(fromRow);
}
