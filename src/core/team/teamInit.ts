// `mlops team init`: creates or upgrades the team store's schema. Each pending migration runs in its
// own transaction under the team write lock, and re-reads what is applied once it holds the lock,
// so two inits at once apply each migration once and a failed one leaves nothing behind.
import { serverMigrations, TEAM_WRITE_LOCK, type ServerMigration } from './serverMigrations';
import { connectTeam, serverSchemaVersion, type TeamDb, type TeamQuery } from './teamConnect';
import { TeamAdminError, TeamRefusedError } from './teamErrors';
import { TeamAccessError, TeamConfigError } from './types';

export interface TeamInitReport {
  /** Migrations applied by this call, oldest first (empty: the schema was already current). */
  applied: { version: number; name: string }[];
  /** The schema version now. */
  version: number;
}

export interface ProtectedAlias {
  model: string;
  alias: string;
}

export async function initTeam(url: string, protect: ProtectedAlias[] = []): Promise<TeamInitReport> {
  const db = await connectTeam(url, { checkSchema: false, max: 1 });
  try {
    const applied = await applyMigrations(db, serverMigrations);
    if (protect.length) await protectAliases(db, protect);
    const version = await currentVersion(db);
    return { applied, version };
  } finally {
    await db.close();
  }
}

async function currentVersion(db: TeamQuery): Promise<number> {
  const r = await db.query<{ v: number | null }>('SELECT max(version)::integer AS v FROM mlops.schema_migrations');
  return r.rows[0].v ?? 0;
}

/** Applies the migrations the server lacks; returns what this call applied. */
export async function applyMigrations(db: TeamDb, migrations: readonly ServerMigration[]): Promise<TeamInitReport['applied']> {
  try {
    return await migrate(db, migrations);
  } catch (err) {
    if (!(err instanceof TeamAccessError)) throw err;
    const who = db.endpoint.user ? `"${db.endpoint.user}"` : 'this user';
    const reason = err instanceof TeamRefusedError ? ` (${err.reason})` : '';
    throw new TeamAdminError(
      `${who} may not create or change the mlops schema on ${db.display}${reason}: run \`mlops team init\` as a superuser, or as the database's owner with CREATEROLE (init creates the roles mlops_reader, mlops_writer and mlops_release); a teammate's role is for push and pull.`,
    );
  }
}

async function migrate(db: TeamDb, migrations: readonly ServerMigration[]): Promise<TeamInitReport['applied']> {
  // Both statements are no-ops when they exist, but two at once can still collide in the catalog:
  // serialise them too. Skipped when the table exists, so a teammate's init of a current schema is a
  // no-op rather than refused (CREATE ... IF NOT EXISTS still needs the privilege to create).
  if ((await serverSchemaVersion(db)) === null) {
    await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${TEAM_WRITE_LOCK})`);
      await tx.query('CREATE SCHEMA IF NOT EXISTS mlops');
      await tx.query(`CREATE TABLE IF NOT EXISTS mlops.schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    });
  }
  const applied: TeamInitReport['applied'] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${TEAM_WRITE_LOCK})`);
      const r = await tx.query('SELECT 1 FROM mlops.schema_migrations WHERE version = $1', [m.version]);
      if (r.rowCount) return false;
      try {
        await tx.query(m.sql);
      } catch (err) {
        if (!(err instanceof Error) || err instanceof TeamAccessError) throw err;
        throw new Error(`team store migration ${m.version} (${m.name}) failed, nothing of it was applied: ${err.message}`, { cause: err });
      }
      await tx.query('INSERT INTO mlops.schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push({ version: m.version, name: m.name });
  }
  const newest = await currentVersion(db);
  const known = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (newest > known) {
    throw new TeamConfigError(`the team store ${db.display} is at schema version ${newest}, newer than this mlops understands (${known}): update mlops.`);
  }
  return applied;
}

/** Marks aliases as protected (only mlops_release may move them); already protected ones are left as they are. */
export async function protectAliases(db: TeamQuery, aliases: ProtectedAlias[]): Promise<ProtectedAlias[]> {
  const added: ProtectedAlias[] = [];
  for (const { model, alias } of aliases) {
    const r = await db.query('INSERT INTO mlops.protected_aliases (model, alias, seq) VALUES ($1, $2, 0) ON CONFLICT (model, alias) DO NOTHING RETURNING model', [model, alias]);
    if (r.rowCount) added.push({ model, alias });
  }
  return added;
}

/**
 * Lets writers move an alias again. The server enforces protection from this table alone; the row is
 * deleted (the schema grants DELETE to mlops_release), so changes_since carries no removal of it.
 */
export async function unprotectAlias(db: TeamQuery, model: string, alias: string): Promise<boolean> {
  const r = await db.query('DELETE FROM mlops.protected_aliases WHERE model = $1 AND alias = $2', [model, alias]);
  return (r.rowCount ?? 0) > 0;
}

/** The protected aliases the team store holds, by model then alias. */
export async function listProtectedAliases(db: TeamQuery): Promise<ProtectedAlias[]> {
  const r = await db.query<ProtectedAlias>('SELECT model, alias FROM mlops.protected_aliases ORDER BY model, alias');
  return r.rows;
}
