// A team store for pull tests: a real PostgreSQL cluster (test/harness/postgres.mjs), a database per
// test with the mlops schema applied as team init does, and plain SQL inserts that write rows the
// way push does (serverMigrations.ts: seq and number 0, filled by the triggers; recordTypes.ts for
// the record jsonb). CountingPool is a real pg.Pool that counts the queries sent through it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { serverMigrations } from '../../../src/core/team/serverMigrations';
import type { DatasetVersionRecord, DriftCheckRecord, ModelVersionRecord, RunRecord } from '../../../src/core/team/recordTypes';
// @ts-expect-error: the harness is plain JavaScript
import { startPostgres } from '../../harness/postgres.mjs';

export interface Cluster {
  url: string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export const startCluster = startPostgres as () => Promise<Cluster>;

/** A pg.Pool that counts query() calls: an instrumented real pool, for "one round trip" checks. */
export class CountingPool extends pg.Pool {
  queries = 0;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    this.queries++;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (super.query as any)(...args);
  }
}

let databases = 0;

/** A fresh database with the mlops schema; its pool counts queries. */
export async function teamDatabase(cluster: Cluster): Promise<{ pool: CountingPool; url: string }> {
  const url = await cluster.createDatabase(`pull_${process.pid}_${++databases}`);
  const pool = new CountingPool({ connectionString: url, max: 4 });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('CREATE SCHEMA mlops');
    await client.query(serverMigrations[0].sql);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  pool.queries = 0;
  return { pool, url };
}

export const uid = () => randomBytes(16).toString('hex');
export const ALICE = 'Alice <alice@example.com>';
export const ALICE_WS = 'a11ce000000000000000000000000000';

/** Rows as push writes them (one transaction per call); returns what the triggers assigned. */
export class Seeder {
  constructor(
    readonly pool: pg.Pool,
    readonly workspaceId = ALICE_WS,
    readonly author = ALICE,
  ) {}

  async workspace(): Promise<void> {
    await this.pool.query('INSERT INTO mlops.workspaces (id, author, seq) VALUES ($1, $2, 0) ON CONFLICT (id) DO NOTHING', [this.workspaceId, this.author]);
  }

  async dataset(name: string, path: string): Promise<void> {
    await this.pool.query('INSERT INTO mlops.datasets (name, path, seq) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING', [name, path]);
  }

  async datasetVersion(v: { uid?: string; dataset: string; item: string; hash: string; size?: number; kind?: string; record?: Partial<DatasetVersionRecord> }): Promise<{ uid: string; number: number }> {
    const record: DatasetVersionRecord = { mtime: 1_700_000_000_000, source: 'cli', note: '', validation: null, children: [], ...v.record };
    const id = v.uid ?? uid();
    const r = await this.pool.query(
      `INSERT INTO mlops.dataset_versions (uid, seq, dataset, item, number, kind, hash, size, created_at, digest, author, workspace_id, record)
       VALUES ($1, 0, $2, $3, 0, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING number`,
      [id, v.dataset, v.item, v.kind ?? 'file', v.hash, v.size ?? 10, 1_700_000_000_500, `digest-${id}`, this.author, this.workspaceId, record],
    );
    return { uid: id, number: r.rows[0].number as number };
  }

  async run(
    id: string,
    opts: { record?: Partial<RunRecord>; tags?: Record<string, string>; note?: string; metrics?: [string, number, number | null, number][] } = {},
  ): Promise<void> {
    const record: RunRecord = {
      run: {
        name: `run-${id.slice(-4)}`,
        experiment: 'default',
        status: 'finished',
        command: 'python train.py',
        cwd: '.',
        env_json: '{"python":"3.12"}',
        created_at: 1_700_000_001_000,
        started_at: 1_700_000_001_100,
        ended_at: 1_700_000_009_000,
        exit_code: 0,
        git_commit: 'abc123',
        git_branch: 'main',
        git_dirty: 0,
        git_diff: null,
        sweep_id: null,
      },
      params: { lr: '0.01' },
      inputs: [],
      artifacts: [],
      metrics: { count: opts.metrics?.length ?? 0, sha256: '' },
      children: [],
      ...opts.record,
    };
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO mlops.runs (id, seq, digest, author, workspace_id, record, tags, note) VALUES ($1, 0, $2, $3, $4, $5, $6, $7)`,
        [id, `digest-${id}`, this.author, this.workspaceId, record, opts.tags ?? {}, opts.note ?? ''],
      );
      for (const [key, step, value, timestamp] of opts.metrics ?? []) {
        await client.query('INSERT INTO mlops.run_metrics (run_id, key, step, value, timestamp) VALUES ($1, $2, $3, $4, $5)', [id, key, step, value, timestamp]);
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  async runTags(id: string, tags: Record<string, string>, note: string): Promise<void> {
    await this.pool.query('UPDATE mlops.runs SET tags = $2, note = $3 WHERE id = $1', [id, tags, note]);
  }

  async model(name: string, description = ''): Promise<void> {
    await this.pool.query('INSERT INTO mlops.models (name, description, seq) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING', [name, description]);
  }

  async modelVersion(v: { uid?: string; model: string; runId?: string | null; hash: string; tags?: Record<string, string>; record?: Partial<ModelVersionRecord> }): Promise<{ uid: string; number: number }> {
    const record: ModelVersionRecord = {
      artifact_path: 'model.pkl',
      artifact_kind: 'file',
      artifact_size: 42,
      description: '',
      metrics_json: '{"acc":0.9}',
      signature_json: null,
      registered_by: this.author,
      children: [],
      ...v.record,
    };
    const id = v.uid ?? uid();
    const r = await this.pool.query(
      `INSERT INTO mlops.model_versions (uid, seq, model, number, run_id, artifact_hash, created_at, digest, author, workspace_id, record, tags)
       VALUES ($1, 0, $2, 0, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING number`,
      [id, v.model, v.runId ?? null, v.hash, 1_700_000_002_000, `digest-${id}`, this.author, this.workspaceId, record, v.tags ?? {}],
    );
    return { uid: id, number: r.rows[0].number as number };
  }

  private localEvents = 0;

  /** Through mlops.move_alias, as push does; returns whether it moved. */
  async moveAlias(model: string, alias: string, expected: string | null, next: string | null, numbers: [number | null, number | null]): Promise<boolean> {
    const event = { actor: this.author, at: 1_700_000_003_000 + this.localEvents, reason: 'better', forced: false, workspace_id: this.workspaceId, local_id: ++this.localEvents, old_number: numbers[0], new_number: numbers[1] };
    const r = await this.pool.query('SELECT * FROM mlops.move_alias($1, $2, $3, $4, $5)', [model, alias, expected, next, event]);
    return r.rows[0].moved as boolean;
  }

  private auditSeq = 0;
  private auditHead = '0'.repeat(64);

  async audit(action: string, object: string): Promise<void> {
    const seq = ++this.auditSeq;
    const hash = randomBytes(32).toString('hex');
    await this.pool.query(
      `INSERT INTO mlops.audit_entries (workspace_id, local_seq, seq, at, actor, action, object, reason, details_json, prev_hash, hash)
       VALUES ($1, $2, 0, $3, $4, $5, $6, '', '{"n":1}', $7, $8)`,
      [this.workspaceId, seq, 1_700_000_004_000 + seq, this.author, action, object, this.auditHead, hash],
    );
    this.auditHead = hash;
  }

  async driftCheck(c: { uid?: string; monitor: string | null; batchUid: string | null; referenceUid: string | null; record?: Partial<DriftCheckRecord> }): Promise<string> {
    const record: DriftCheckRecord = {
      batch_label: 'incoming@1',
      reference_label: 'train@1',
      drift_share: 0.5,
      drifted_columns: 1,
      total_columns: 2,
      error: null,
      report_json: '{}',
      columns: [
        { name: 'age', type: 'numeric', method: 'ks', statistic: 0.4, p_value: 0.01, threshold: 0.05, drift: 1 },
        { name: 'city', type: 'categorical', method: 'chisquare', statistic: 1.2, p_value: 0.5, threshold: 0.05, drift: 0 },
      ],
      ...c.record,
    };
    const id = c.uid ?? uid();
    await this.pool.query(
      `INSERT INTO mlops.drift_checks (uid, seq, monitor, batch_uid, reference_uid, checked_at, outcome, digest, author, workspace_id, record)
       VALUES ($1, 0, $2, $3, $4, $5, 'drift', $6, $7, $8, $9)`,
      [id, c.monitor, c.batchUid, c.referenceUid, 1_700_000_005_000, `digest-${id}`, this.author, this.workspaceId, record],
    );
    return id;
  }
}
