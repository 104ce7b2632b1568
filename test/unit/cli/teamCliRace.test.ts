// Teammates at the same moment, through the built CLI against a real PostgreSQL: four pushes at once
// get distinct team numbers and no doubled rows; two alias moves racing, exactly one wins; and what
// PostgreSQL's roles refuse (a reader pushing, a writer moving a protected alias).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { connectTeam } from '../../../src/core/team/teamConnect';
import { grantTeamRole, type TeamLevel } from '../../../src/core/team/teamGrant';
import { tempWorkspace } from '../tempWorkspace';
import { ok, startPostgres, teamDatabase, teammate, withTraining, type PgCluster, type Teammate } from './teamCliSetup';

let cluster: PgCluster;
before(async () => {
  cluster = await startPostgres();
});
after(async () => {
  await cluster?.stop();
});

async function serverRows(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** A login with one team role; its workspace connects as it (password from PGPASSWORD, never in mlops.json). */
async function member(db: string, user: string, level: TeamLevel, remote: string): Promise<Teammate> {
  await cluster.createLogin(user, `${user}-pw`);
  const admin = await connectTeam(db);
  try {
    await grantTeamRole(admin, user, level);
  } finally {
    await admin.close();
  }
  const url = new URL(db);
  url.username = user;
  return teammate(user[0].toUpperCase() + user.slice(1), { database: url.toString(), remote: { url: remote }, env: { PGPASSWORD: `${user}-pw` } });
}

function trainAndRegister(t: Teammate, versions = 1): string {
  withTraining(t);
  const run = t.json<{ id: string }>(['run', 'train']);
  for (let i = 0; i < versions; i++) ok(t.run(['model', 'register', 'churn', '--run', run.id, '--artifact', 'model.json']), 'model register');
  return run.id;
}

test('four workspaces pushing at once all succeed with distinct team numbers and no doubled rows', async () => {
  const db = await teamDatabase(cluster, 'four');
  const remote = tempWorkspace('mlops-remote-');
  const team = ['Ann', 'Ben', 'Cat', 'Dan'].map((name, i) => {
    const t = teammate(name, { database: db, remote: { url: remote } });
    withTraining(t, `x,y\n${i},${i * 2}\n`);
    ok(t.run(['data', 'version', 'train']), 'data version');
    ok(t.run(['run', '--', process.execPath, '-e', `console.log(${i})`]), 'adhoc run');
    return t;
  });
  const results = await Promise.all(team.map((t) => t.start(['push']).done));
  for (const r of results) assert.equal(r.code, 0, r.stderr);

  const versions = await serverRows(db, "SELECT number, hash FROM mlops.dataset_versions WHERE dataset = 'train' ORDER BY number");
  assert.deepEqual(versions.map((v) => v.number), [1, 2, 3, 4]);
  assert.equal(new Set(versions.map((v) => v.hash)).size, 4);
  assert.deepEqual(await serverRows(db, 'SELECT count(*)::int AS runs, count(DISTINCT id)::int AS ids FROM mlops.runs'), [{ runs: 4, ids: 4 }]);
  assert.deepEqual(await serverRows(db, 'SELECT count(*)::int AS n FROM mlops.workspaces'), [{ n: 4 }]);
  // Each workspace now calls its version by the team's number.
  const byHash = new Map(versions.map((v) => [v.hash, v.number]));
  for (const t of team) {
    const [local] = t.json<{ version: number; hash: string }[]>(['data', 'versions', 'train']);
    assert.equal(local.version, byHash.get(local.hash), t.name);
  }
  // Pushing again, all at once, changes nothing.
  const again = await Promise.all(team.map((t) => t.start(['push']).done));
  for (const r of again) assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(await serverRows(db, 'SELECT count(*)::int AS n FROM mlops.dataset_versions'), [{ n: 4 }]);
});

test('two alias moves racing: exactly one wins, the other is told who moved it and when', async () => {
  const db = await teamDatabase(cluster, 'race');
  const remote = tempWorkspace('mlops-remote-');
  const alice = teammate('Alice', { database: db, remote: { url: remote } });
  trainAndRegister(alice, 2);
  ok(alice.run(['push']), 'alice push');
  const bob = teammate('Bob', { database: db, remote: { url: remote } });
  ok(bob.run(['pull']), 'bob pull');

  ok(alice.run(['model', 'alias', 'set', 'churn', 'champion', '1', '--reason', 'alice picks 1']), 'alice alias');
  ok(bob.run(['model', 'alias', 'set', 'churn', 'champion', '2', '--reason', 'bob picks 2']), 'bob alias');
  const [a, b] = await Promise.all([alice.start(['push']).done, bob.start(['push']).done]);
  const codes = [a.code, b.code].sort();
  assert.deepEqual(codes, [0, 1], `alice: ${a.stderr}${a.stdout}\nbob: ${b.stderr}${b.stdout}`);
  const [winner, loser, wanted] = a.code === 0 ? ['Alice', b, 2] : ['Bob', a, 1];
  const held = wanted === 2 ? 1 : 2;
  assert.match(
    loser.stdout + loser.stderr,
    new RegExp(`champion: ${winner} <${winner.toLowerCase()}@example.com> moved it to churn@${held} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC; your move to churn@${wanted} was not applied; run mlops pull`),
  );
  const aliases = await serverRows(db, "SELECT v.number FROM mlops.model_aliases a JOIN mlops.model_versions v ON v.uid = a.version_uid WHERE a.alias = 'champion'");
  assert.deepEqual(aliases, [{ number: held }]);
});

test('roles decide: a reader cannot push, a writer cannot move a protected alias, release can', async () => {
  const db = await teamDatabase(cluster, 'roles', [{ model: 'churn', alias: 'champion' }]);
  const remote = tempWorkspace('mlops-remote-');

  const rita = await member(db, 'rita', 'reader', remote);
  ok(rita.run(['run', '--', process.execPath, '-e', '1']), 'adhoc run');
  const refused = rita.run(['push']);
  assert.equal(refused.code, 1, refused.stderr + refused.stdout);
  assert.match(refused.stderr, /mlops_writer/);
  assert.doesNotMatch(refused.stderr, /rita-pw/);
  assert.deepEqual(await serverRows(db, 'SELECT count(*)::int AS n FROM mlops.runs'), [{ n: 0 }]);

  const wendy = await member(db, 'wendy', 'writer', remote);
  trainAndRegister(wendy);
  ok(wendy.run(['model', 'alias', 'set', 'churn', 'champion', '1', '--reason', 'ship it']), 'alias set');
  const guarded = wendy.run(['push']);
  assert.equal(guarded.code, 1, guarded.stderr + guarded.stdout);
  assert.match(guarded.stderr, /mlops_release/);
  assert.deepEqual(await serverRows(db, "SELECT count(*)::int AS n FROM mlops.model_aliases WHERE alias = 'champion'"), [{ n: 0 }]);

  const admin = await connectTeam(db);
  try {
    await grantTeamRole(admin, 'wendy', 'release');
  } finally {
    await admin.close();
  }
  const released = wendy.run(['push']);
  assert.equal(released.code, 0, released.stderr + released.stdout);
  assert.deepEqual(await serverRows(db, "SELECT count(*)::int AS n FROM mlops.model_aliases WHERE alias = 'champion' AND version_uid IS NOT NULL"), [{ n: 1 }]);
  assert.ok(fs.existsSync(path.join(remote, 'objects')));
});
