// mlops team init against a real PostgreSQL: the schema appears once however often and however
// concurrently init runs, clients refuse a schema they do not understand, and the URL's password
// never reaches a message.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { latestServerVersion, serverMigrations } from '../../../src/core/team/serverMigrations';
import { connectTeam } from '../../../src/core/team/teamConnect';
import { displayUrl, teamDatabaseUrl } from '../../../src/core/team/teamDatabase';
import { TeamAdminError, TeamUnavailableError } from '../../../src/core/team/teamErrors';
import { initTeam, listProtectedAliases, protectAliases } from '../../../src/core/team/teamInit';
import { TeamConfigError } from '../../../src/core/team/types';
import { registerWorkspace, workspaceId } from '../../../src/core/team/workspaceIdentity';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';
import { freshDatabase, startCluster, type PgCluster } from './initCluster';

let cluster: PgCluster;
before(async () => {
  cluster = await startCluster();
});
after(async () => {
  await cluster?.stop();
});

async function sql(url: string, text: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text, params);
  } finally {
    await c.end();
  }
}

describe('initTeam', () => {
  it('applies every migration once; a second init is a no-op', async () => {
    const { url } = await freshDatabase(cluster);
    const first = await initTeam(url);
    assert.deepEqual(first.applied.map((a) => a.version), serverMigrations.map((m) => m.version));
    assert.equal(first.version, latestServerVersion);
    const second = await initTeam(url);
    assert.deepEqual(second.applied, []);
    assert.equal(second.version, latestServerVersion);
    const rows = await sql(url, 'SELECT version FROM mlops.schema_migrations ORDER BY version');
    assert.deepEqual(rows.rows.map((r) => r.version), serverMigrations.map((m) => m.version));
    const db = await connectTeam(url);
    try {
      assert.equal(db.schemaVersion, latestServerVersion);
      assert.deepEqual((await db.query('SELECT * FROM mlops.changes_since(0, 10)')).rows, []);
    } finally {
      await db.close();
    }
  });

  it('two inits at once apply each migration exactly once', async () => {
    const { url } = await freshDatabase(cluster);
    const reports = await Promise.all([initTeam(url), initTeam(url), initTeam(url)]);
    const applied = reports.flatMap((r) => r.applied.map((a) => a.version)).sort();
    assert.deepEqual(applied, serverMigrations.map((m) => m.version));
    for (const r of reports) assert.equal(r.version, latestServerVersion);
  });

  it('protects aliases once: a second protect of the same alias adds nothing', async () => {
    const { url } = await freshDatabase(cluster);
    await initTeam(url, [{ model: 'churn', alias: 'production' }]);
    await initTeam(url, [{ model: 'churn', alias: 'production' }, { model: 'churn', alias: 'staging' }]);
    const db = await connectTeam(url);
    try {
      assert.deepEqual(await listProtectedAliases(db), [{ model: 'churn', alias: 'production' }, { model: 'churn', alias: 'staging' }]);
      assert.deepEqual(await protectAliases(db, [{ model: 'churn', alias: 'production' }]), []);
    } finally {
      await db.close();
    }
  });
});

describe('who may run init', () => {
  // Roles are cluster-wide: whether this init or an earlier one created them, an owner without CREATEROLE is refused.
  it("the database's owner with CREATEROLE (a managed server's admin) initialises it; without CREATEROLE, TeamAdminError says why", async () => {
    await cluster.createLogin('init_owner_cr', 'owner-pw');
    await cluster.createLogin('init_owner', 'owner-pw');
    await sql(cluster.url, 'ALTER ROLE init_owner_cr CREATEROLE');
    await sql(cluster.url, `CREATE DATABASE init_by_owner_cr_${process.pid} OWNER init_owner_cr`);
    await sql(cluster.url, `CREATE DATABASE init_by_owner_${process.pid} OWNER init_owner`);
    const report = await initTeam(cluster.urlFor('init_owner_cr', 'owner-pw', `init_by_owner_cr_${process.pid}`));
    assert.equal(report.version, latestServerVersion);
    await assert.rejects(initTeam(cluster.urlFor('init_owner', 'owner-pw', `init_by_owner_${process.pid}`)), (err: Error) => {
      assert.ok(err instanceof TeamAdminError, `${err.name}: ${err.message}`);
      assert.match(err.message, /"init_owner" may not create or change the mlops schema .*\((permission denied to create role|must have admin option on role "mlops_reader")\).*CREATEROLE/);
      assert.ok(!err.message.includes('owner-pw'));
      return true;
    });
    const left = await sql(cluster.urlFor('postgres', undefined, `init_by_owner_${process.pid}`), "SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'mlops' AND c.relname NOT IN ('schema_migrations', 'schema_migrations_pkey')");
    assert.equal(left.rows[0].n, 0, 'the failed migration left nothing behind');
    const versions = await sql(cluster.urlFor('postgres', undefined, `init_by_owner_${process.pid}`), 'SELECT count(*)::int AS n FROM mlops.schema_migrations');
    assert.equal(versions.rows[0].n, 0);
  });
});

describe('connectTeam: the schema version', () => {
  it('refuses a database without the schema: run mlops team init', async () => {
    const { url } = await freshDatabase(cluster);
    await assert.rejects(connectTeam(url), (err: Error) => err instanceof TeamConfigError && /mlops team init/.test(err.message));
  });

  it('refuses an older schema (init upgrades it) and a newer one (update mlops)', async () => {
    const { url } = await freshDatabase(cluster);
    await initTeam(url);
    await sql(url, "INSERT INTO mlops.schema_migrations (version, name) VALUES ($1, 'from the future')", [latestServerVersion + 1]);
    await assert.rejects(connectTeam(url), (err: Error) => err instanceof TeamConfigError && /update mlops/.test(err.message) && /newer/.test(err.message));
    await assert.rejects(initTeam(url), (err: Error) => err instanceof TeamConfigError && /update mlops/.test(err.message));

    const older = await freshDatabase(cluster);
    await sql(older.url, 'CREATE SCHEMA mlops; CREATE TABLE mlops.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    await assert.rejects(connectTeam(older.url), (err: Error) => err instanceof TeamConfigError && /mlops team init/.test(err.message));
  });
});

describe('connection errors name the server, never the password', () => {
  const secret = 'Sup3r-s3cret-pw';

  it('an unreachable server: TeamUnavailableError naming HOST:PORT', async () => {
    // Port 1 (tcpmux): nothing listens there on a test machine, and binding it needs root.
    const url = `postgresql://alice:${secret}@127.0.0.1:1/team`;
    await assert.rejects(connectTeam(url), (err: Error) => {
      assert.ok(err instanceof TeamUnavailableError, String(err));
      assert.match(err.message, /cannot reach the team store at 127\.0\.0\.1:1\/team/);
      assert.ok(!err.message.includes(secret), err.message);
      return true;
    });
  });

  it('a refused password: TeamConfigError naming the user and PGPASSWORD', async () => {
    const { name } = await freshDatabase(cluster);
    await cluster.createLogin('init_alice', 'right-password');
    await assert.rejects(connectTeam(cluster.urlFor('init_alice', secret, name)), (err: Error) => {
      assert.ok(err instanceof TeamConfigError, String(err));
      assert.match(err.message, /refused the password of "init_alice".*PGPASSWORD/);
      assert.ok(!err.message.includes(secret), err.message);
      return true;
    });
  });

  it('PGPASSWORD supplies the password a URL leaves out', async () => {
    const { name, url } = await freshDatabase(cluster);
    await initTeam(url);
    await cluster.createLogin('init_pgpass', 'from-env');
    const before = process.env.PGPASSWORD;
    process.env.PGPASSWORD = 'from-env';
    try {
      const db = await connectTeam(cluster.urlFor('init_pgpass', undefined, name), { checkSchema: false });
      try {
        assert.equal((await db.query<{ u: string }>('SELECT current_user AS u')).rows[0].u, 'init_pgpass');
      } finally {
        await db.close();
      }
    } finally {
      if (before === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = before;
    }
  });

  it('a database that does not exist: TeamConfigError with createdb', async () => {
    await assert.rejects(connectTeam(cluster.urlFor('postgres', undefined, 'no_such_db')), (err: Error) => err instanceof TeamConfigError && /"no_such_db" does not exist.*createdb/.test(err.message));
  });
});

describe('teamDatabaseUrl', () => {
  it('MLOPS_TEAM_DATABASE wins over team.database', () => {
    assert.equal(teamDatabaseUrl({ team: { database: 'postgresql://a@h/db' } }, { MLOPS_TEAM_DATABASE: 'postgresql://b@h/db' }), 'postgresql://b@h/db');
    assert.equal(teamDatabaseUrl({ team: { database: 'postgresql://a@h/db' } }, {}), 'postgresql://a@h/db');
  });

  it('none set: says where to set one', () => {
    assert.throws(() => teamDatabaseUrl({}, {}), (err: Error) => err instanceof TeamConfigError && err.message === 'no team store: set team.database in mlops.json or MLOPS_TEAM_DATABASE');
  });

  it('a password in mlops.json is refused without repeating it; one in the environment is used', () => {
    assert.throws(() => teamDatabaseUrl({ team: { database: 'postgresql://u:hunter2@h:5432/db' } }, {}), (err: Error) => {
      assert.ok(err instanceof TeamConfigError);
      assert.match(err.message, /remove the password: use PGPASSWORD, ~\/\.pgpass or MLOPS_TEAM_DATABASE/);
      assert.match(err.message, /postgresql:\/\/u@h:5432\/db/);
      assert.ok(!err.message.includes('hunter2'), err.message);
      return true;
    });
    assert.equal(teamDatabaseUrl({}, { MLOPS_TEAM_DATABASE: 'postgresql://u:hunter2@h/db' }), 'postgresql://u:hunter2@h/db');
  });

  it('a URL that is not postgresql:// is refused without its password', () => {
    assert.throws(() => teamDatabaseUrl({}, { MLOPS_TEAM_DATABASE: 'mysql://u:hunter2@h/db' }), (err: Error) => err instanceof TeamConfigError && /not a PostgreSQL URL/.test(err.message) && !err.message.includes('hunter2'));
  });
});

describe('connection failures beyond a refused port', () => {
  it('a server that accepts but never answers: TeamUnavailableError once the connect timeout passes', async () => {
    const server = net.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      await assert.rejects(connectTeam(`postgresql://u:hidden-pw@127.0.0.1:${port}/db`, { connectionTimeoutMillis: 300 }), (err: Error) => {
        assert.ok(err instanceof TeamUnavailableError, `${err.name}: ${err.message}`);
        assert.match(err.message, new RegExp(`cannot reach the team store at 127\\.0\\.0\\.1:${port}/db`));
        assert.ok(!err.message.includes('hidden-pw'));
        return true;
      });
    } finally {
      server.close();
      server.unref();
    }
  });

  it('localhost refused on every address it resolves to (an AggregateError): still TeamUnavailableError', async () => {
    await assert.rejects(connectTeam('postgresql://u@localhost:1/db'), (err: Error) => err instanceof TeamUnavailableError && /localhost:1\/db \(connection refused\)/.test(err.message));
  });
});

describe('displayUrl', () => {
  it('drops the password wherever the URL carries it', () => {
    assert.equal(displayUrl('postgresql://ada:s3cret@db:5432/team'), 'postgresql://ada@db:5432/team');
    assert.equal(displayUrl('postgresql://ada@db/team?sslmode=require&password=s3cret'), 'postgresql://ada@db/team?sslmode=require');
    assert.ok(!/p(%40|@)ss/.test(displayUrl('postgresql://ada:p@ss@db/team')));
    assert.equal(displayUrl('postgresql://ada@db/team'), 'postgresql://ada@db/team');
  });
});

describe('workspace identity', () => {
  it('registerWorkspace records this workspace once, under the id in workspace_meta', async () => {
    const { url } = await freshDatabase(cluster);
    await initTeam(url);
    const store = Store.open(tempWorkspace());
    const db = await connectTeam(url);
    try {
      const id = workspaceId(store);
      assert.match(id, /^[0-9a-f]{32}$/);
      assert.equal(await registerWorkspace(db, store, 'Ada <ada@example.com>'), id);
      assert.equal(await registerWorkspace(db, store, 'Someone Else <x@example.com>'), id);
      const rows = await db.query<{ id: string; author: string }>('SELECT id, author FROM mlops.workspaces');
      assert.deepEqual(rows.rows, [{ id, author: 'Ada <ada@example.com>' }]);
      const other = Store.open(tempWorkspace());
      try {
        assert.notEqual(workspaceId(other), id);
      } finally {
        other.close();
      }
    } finally {
      await db.close();
      store.close();
    }
  });
});

describe('TeamDb', () => {
  it('close twice is harmless; a failed transaction rolls back and the pool keeps working', async () => {
    const { url } = await freshDatabase(cluster);
    await initTeam(url);
    const db = await connectTeam(url);
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO mlops.datasets (name, path, seq) VALUES ('rolled', 'p', 0)");
        throw new Error('stop here');
      }),
      /stop here/,
    );
    assert.equal((await db.query('SELECT count(*)::int AS n FROM mlops.datasets')).rows[0].n, 0);
    const committed = await db.transaction(async (tx) => (await tx.query<{ seq: string }>("INSERT INTO mlops.datasets (name, path, seq) VALUES ('kept', 'p', 0) RETURNING seq")).rows[0].seq);
    assert.ok(Number(committed) > 0, 'the trigger stamped a sequence number');
    await db.close();
    await db.close();
  });
});
