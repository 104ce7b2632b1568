// `mlops team` end to end through the CLI's entry point (main, as bin/mlops runs it) against a real
// PostgreSQL: what it prints and its exit codes (0 done, 1 refused or unreachable, 2 usage or config).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { latestServerVersion } from '../../../src/core/team/serverMigrations';
import { tempWorkspace } from '../tempWorkspace';
import { freshDatabase, startCluster, type PgCluster } from './initCluster';

let cluster: PgCluster;
let dbName: string;
let adminUrl: string;

async function mlops(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, cwd, { out: (t) => (stdout += t + '\n'), err: (t) => (stderr += t + '\n') });
  return { code, stdout, stderr };
}

function workspace(config: Record<string, unknown>): string {
  const root = tempWorkspace('mlops-teamcli-');
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(config, null, 2) + '\n');
  return root;
}

before(async () => {
  cluster = await startCluster();
  const fresh = await freshDatabase(cluster, 'cli');
  dbName = fresh.name;
  adminUrl = fresh.url;
  await cluster.createLogin('cli_bob', 'bob-pw-1');
  await cluster.createLogin('cli_rita', 'rita-pw-2');
});
after(async () => {
  await cluster?.stop();
});

describe('mlops team', () => {
  it('init without a team store configured: exit 2 naming where to set one', async () => {
    const saved = process.env.MLOPS_TEAM_DATABASE;
    delete process.env.MLOPS_TEAM_DATABASE;
    try {
      const r = await mlops(['team', 'init'], workspace({}));
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /no team store: set team\.database in mlops\.json or MLOPS_TEAM_DATABASE/);
    } finally {
      if (saved !== undefined) process.env.MLOPS_TEAM_DATABASE = saved;
    }
  });

  it('init from mlops.json applies the schema and the protected aliases; a second init is a no-op', async () => {
    const root = workspace({ team: { database: adminUrl }, models: { churn: { metric: 'val/auc', direction: 'maximize', protect: ['production'] } } });
    const first = await mlops(['team', 'init'], root);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`applied migration 1 .*migration 2 \\(pipeline runs\\).*schema version ${latestServerVersion}\\.`));
    assert.match(first.stdout, /Protected on the team store .*churn@production/);
    const again = await mlops(['team', 'init', '--json'], root);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout).applied, []);
  });

  it('grant, members, revoke; a bad role or argument count is exit 2', async () => {
    const root = workspace({ team: { database: adminUrl } });
    assert.equal((await mlops(['team', 'grant', 'cli_bob', 'writer'], root)).code, 0);
    assert.equal((await mlops(['team', 'grant', 'cli_rita', 'release'], root)).code, 0);
    const members = await mlops(['team', 'members', '--json'], root);
    assert.equal(members.code, 0, members.stderr);
    const list = JSON.parse(members.stdout) as { user: string; level: string }[];
    assert.deepEqual(list.filter((m) => m.user.startsWith('cli_')).map((m) => [m.user, m.level]), [['cli_bob', 'writer'], ['cli_rita', 'release']]);
    const table = await mlops(['team', 'members'], root);
    assert.match(table.stdout, /^USER\s+ROLE\s+LOGIN$/m);

    const bad = await mlops(['team', 'grant', 'cli_bob', 'admin'], root);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"admin" is not a team role/);
    assert.equal((await mlops(['team', 'grant', 'cli_bob'], root)).code, 2);
    const nobody = await mlops(['team', 'grant', 'cli_nobody', 'reader'], root);
    assert.equal(nobody.code, 2);
    assert.match(nobody.stderr, /no role "cli_nobody"/);
    assert.equal((await mlops(['team', 'frobnicate'], root)).code, 2);
    const notPg = await mlops(['team', 'members', '--database', 'mysql://u:pw-in-arg@h/db'], root);
    assert.equal(notPg.code, 2);
    assert.match(notPg.stderr, /--database is not a PostgreSQL URL \(mysql:\/\/u@h\/db\)/);

    await cluster.createLogin('cli_temp', 'temp-pw');
    assert.equal((await mlops(['team', 'grant', 'cli_temp', 'reader'], root)).code, 0);
    const revoked = await mlops(['team', 'revoke', 'cli_temp'], root);
    assert.equal(revoked.code, 0);
    assert.match(revoked.stdout, /no longer has a team role/);
  });

  it('a writer is refused protecting and granting (exit 1, naming what is needed, without the password)', async () => {
    const root = workspace({});
    const asBob = cluster.urlFor('cli_bob', 'bob-pw-1', dbName);
    const protect = await mlops(['team', 'protect', 'churn', 'staging', '--database', asBob], root);
    assert.equal(protect.code, 1, protect.stderr);
    assert.match(protect.stderr, /mlops_release/);
    assert.ok(!protect.stderr.includes('bob-pw-1'), protect.stderr);
    const grant = await mlops(['team', 'grant', 'cli_rita', 'reader', '--database', asBob], root);
    assert.equal(grant.code, 1, grant.stderr);
    assert.match(grant.stderr, /may not change who holds the team roles/);
    assert.ok(!grant.stderr.includes('bob-pw-1'), grant.stderr);
    const init = await mlops(['team', 'init', '--database', asBob], root);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, new RegExp(`already at schema version ${latestServerVersion}: nothing to apply`));
    const empty = await freshDatabase(cluster, 'cli_empty');
    const initEmpty = await mlops(['team', 'init', '--database', cluster.urlFor('cli_bob', 'bob-pw-1', empty.name)], root);
    assert.equal(initEmpty.code, 1, initEmpty.stderr);
    assert.match(initEmpty.stderr, /"cli_bob" may not create or change the mlops schema .*as a superuser, or as the database's owner with CREATEROLE/);
  });

  it('release protects and unprotects an alias', async () => {
    const root = workspace({});
    const asRita = cluster.urlFor('cli_rita', 'rita-pw-2', dbName);
    const on = await mlops(['team', 'protect', 'churn', 'staging', '--database', asRita], root);
    assert.equal(on.code, 0, on.stderr);
    assert.match(on.stdout, /churn@staging is protected/);
    const list = await mlops(['team', 'protected', '--json', '--database', asRita], root);
    assert.deepEqual(JSON.parse(list.stdout), [{ model: 'churn', alias: 'production' }, { model: 'churn', alias: 'staging' }]);
    const off = await mlops(['team', 'unprotect', 'churn', 'staging', '--database', asRita], root);
    assert.equal(off.code, 0, off.stderr);
    assert.match(off.stdout, /no longer protected/);
    assert.equal((await mlops(['team', 'protect', 'churn', 'latest', '--database', asRita], root)).code, 2);
  });

  it('status is dispatched to teamStatus: exit 0 with a team store, 2 without one', async () => {
    const ok = await mlops(['team', 'status'], workspace({ team: { database: adminUrl } }));
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /team store: /);
    const saved = process.env.MLOPS_TEAM_DATABASE;
    delete process.env.MLOPS_TEAM_DATABASE;
    try {
      const none = await mlops(['team', 'status'], workspace({}));
      assert.equal(none.code, 2, none.stderr);
      assert.match(none.stderr, /no team store/);
    } finally {
      if (saved !== undefined) process.env.MLOPS_TEAM_DATABASE = saved;
    }
  });

  it('unreachable: exit 1; a refused password: exit 2; neither prints the password', async () => {
    const root = workspace({});
    const down = await mlops(['team', 'members', '--database', `postgresql://cli_bob:bob-pw-1@127.0.0.1:1/${dbName}`], root);
    assert.equal(down.code, 1, down.stderr);
    assert.match(down.stderr, /cannot reach the team store at 127\.0\.0\.1:1/);
    assert.ok(!down.stderr.includes('bob-pw-1'));
    const wrong = await mlops(['team', 'members', '--database', cluster.urlFor('cli_bob', 'not-bobs-pw', dbName)], root);
    assert.equal(wrong.code, 2, wrong.stderr);
    assert.match(wrong.stderr, /refused the password of "cli_bob"/);
    assert.ok(!wrong.stderr.includes('not-bobs-pw'));
  });

  it('a password in mlops.json: exit 2 with the fix, without the password', async () => {
    const root = workspace({ team: { database: cluster.urlFor('cli_bob', 'bob-pw-1', dbName) } });
    const r = await mlops(['team', 'members'], root);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /remove the password: use PGPASSWORD, ~\/\.pgpass or MLOPS_TEAM_DATABASE/);
    assert.ok(!(r.stdout + r.stderr).includes('bob-pw-1'), r.stderr);
  });
});
