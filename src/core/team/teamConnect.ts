// A connection pool to the team store with our errors: every failure pg reports (unreachable,
// refused password, missing role) comes out as TeamUnavailableError / TeamConfigError /
// TeamAccessError naming the server without its password. Connecting also checks that the schema
// exists at the version this client was written for.
import type pg from 'pg';
import { latestServerVersion } from './serverMigrations';
import { endpointOf, teamError, type TeamEndpoint } from './teamErrors';
import { TeamConfigError } from './types';

export interface TeamQuery {
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** One transaction's statements, on one pooled client (`client` for COPY streams; map their errors with `error`). */
export interface TeamTx extends TeamQuery {
  client: pg.PoolClient;
}

export interface TeamDb extends TeamQuery {
  /** The URL without its password. */
  readonly display: string;
  readonly endpoint: TeamEndpoint;
  /** The schema version found (0 when connected with checkSchema: false and none checked). */
  readonly schemaVersion: number;
  /** BEGIN, fn, COMMIT; ROLLBACK when fn or COMMIT throws. */
  transaction<T>(fn: (tx: TeamTx) => Promise<T>): Promise<T>;
  /** The error to show for something that failed outside query() (a COPY stream): see teamError. */
  error(err: unknown, sql?: string): unknown;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Check the mlops schema's version (default true); team init connects without. */
  checkSchema?: boolean;
  /** Pool size (default 4). */
  max?: number;
  connectionTimeoutMillis?: number;
}

/** The schema version on the server, or null when the mlops schema or its migration table is missing. */
export async function serverSchemaVersion(db: TeamQuery): Promise<number | null> {
  const exists = await db.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'mlops' AND c.relname = 'schema_migrations') AS found`,
  );
  if (!exists.rows[0].found) return null;
  const r = await db.query<{ v: number | null }>('SELECT max(version)::integer AS v FROM mlops.schema_migrations');
  return r.rows[0].v ?? 0;
}

function checkVersion(version: number | null, display: string): number {
  if (version === null || version === 0) {
    throw new TeamConfigError(`the team store ${display} has no mlops schema yet: run \`mlops team init\` (as the database's owner).`);
  }
  if (version < latestServerVersion) {
    throw new TeamConfigError(`the team store ${display} is at schema version ${version}, and this mlops needs ${latestServerVersion}: run \`mlops team init\` to upgrade it.`);
  }
  if (version > latestServerVersion) {
    throw new TeamConfigError(`the team store ${display} is at schema version ${version}, newer than this mlops understands (${latestServerVersion}): update mlops.`);
  }
  return version;
}

export async function connectTeam(url: string, opts: ConnectOptions = {}): Promise<TeamDb> {
  const endpoint = endpointOf(url);
  // Loaded here, not at start-up: every mlops command would otherwise pay for the PostgreSQL client.
  const { Pool } = (await import('pg')).default;
  const pool = new Pool({
    connectionString: url,
    max: opts.max ?? 4,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 10_000,
    application_name: 'mlops-workbench',
  });
  // An idle client dropped by the server (a restart) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const map = (err: unknown, sql?: string) => teamError(err, endpoint, sql);
  let closing: Promise<void> | undefined;

  const query: TeamQuery['query'] = async (sql, params) => {
    try {
      return await pool.query(sql, params);
    } catch (err) {
      throw map(err, sql);
    }
  };

  async function transaction<T>(fn: (tx: TeamTx) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw map(err);
    }
    const tx: TeamTx = {
      client,
      async query(sql, params) {
        try {
          return await client.query(sql, params);
        } catch (err) {
          throw map(err, sql);
        }
      },
    };
    let broken = false;
    try {
      await tx.query('BEGIN');
      const result = await fn(tx);
      await tx.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection itself failed: do not return it to the pool
      }
      throw map(err);
    } finally {
      client.release(broken);
    }
  }

  const db = {
    display: endpoint.display,
    endpoint,
    schemaVersion: 0,
    query,
    transaction,
    error: map,
    // Idempotent: pg's Pool.end throws when called twice, and a finally block may close what an error path already did.
    close: () => (closing ??= pool.end()),
  };
  if (opts.checkSchema !== false) {
    try {
      db.schemaVersion = checkVersion(await serverSchemaVersion(db), endpoint.display);
    } catch (err) {
      await db.close().catch(() => undefined);
      throw err;
    }
  }
  return db;
}
