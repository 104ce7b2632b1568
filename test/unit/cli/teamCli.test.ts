// Two teammates sharing one team store (real PostgreSQL) and one folder remote, through the built
// CLI: Alice's runs, data and models reach Bob; version numbers are the team's; a corrupted object
// on the remote never enters a cache.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
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

function objectFiles(remoteDir: string): string[] {
  const dir = path.join(remoteDir, 'objects');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((d) => /^[0-9a-f]{2}$/.test(d)).flatMap((d) => fs.readdirSync(path.join(dir, d)).map((f) => d + f));
}

interface VersionJson {
  version: number;
  hash: string;
}

/** Alice trains on train@1 and registers churn@1 from the run. */
function aliceTrains(alice: Teammate): { runId: string; dataHash: string } {
  withTraining(alice);
  ok(alice.run(['data', 'version', 'train']), 'data version');
  const run = alice.json<{ id: string }>(['run', 'train']);
  ok(alice.run(['model', 'register', 'churn', '--run', run.id, '--artifact', 'model.json']), 'model register');
  const [v1] = alice.json<VersionJson[]>(['data', 'versions', 'train']);
  return { runId: run.id, dataHash: v1.hash };
}

test('Alice pushes runs, data and a model; Bob pulls them, checks out the data and downloads the model', async () => {
  const db = await teamDatabase(cluster, 'share');
  const remote = tempWorkspace('mlops-remote-');
  const alice = teammate('Alice', { database: db, remote: { url: remote } });
  const { runId, dataHash } = aliceTrains(alice);

  const pushed = alice.run(['push']);
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.match(pushed.stdout, /^pushed \d+ objects \(.+\) to team, 1 run, 1 dataset version, 1 model version/m);
  assert.ok(objectFiles(remote).includes(dataHash), 'the data object is on the remote');
  const again = alice.run(['push']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /nothing to push/);
  const json = alice.json<{ objects: { remote: string; report: { transferred: number; present: number } }; records: { team: string; pushed: Record<string, number> } }>(['push']);
  assert.equal(json.objects.remote, 'team');
  assert.equal(json.objects.report.transferred, 0);
  assert.ok(json.objects.report.present > 0);
  assert.ok(Object.values(json.records.pushed).every((n) => n === 0), JSON.stringify(json.records.pushed));
  assert.doesNotMatch(json.records.team, /:[^@/]*@/, 'no password in the team shown');

  const bob = teammate('Bob', { database: db, remote: { url: remote }, config: { datasets: { train: 'data/train.csv' } } });
  const behind = bob.json<{ behind: number; ahead: Record<string, number> }>(['team', 'status']);
  assert.ok(behind.behind > 0, JSON.stringify(behind));
  // Records whole, and only the model's objects: the data comes on demand at checkout.
  const pulled = bob.run(['pull', 'churn@1']);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.match(pulled.stdout, /^pulled 1 run, 1 dataset version, 1 model version/m);

  const runs = bob.json<{ id: string; author: string; origin: string }[]>(['runs', 'list']);
  assert.deepEqual(
    runs.map((r) => [r.id, r.author, r.origin]),
    [[runId, 'Alice <alice@example.com>', 'team']],
  );
  assert.ok(!fs.existsSync(path.join(bob.root, '.mlops', 'objects', dataHash.slice(0, 2), dataHash.slice(2))), 'train@1 not fetched by pull churn@1');
  ok(bob.run(['data', 'checkout', 'train@1']), 'data checkout');
  assert.equal(fs.readFileSync(path.join(bob.root, 'data', 'train.csv'), 'utf8'), fs.readFileSync(path.join(alice.root, 'data', 'train.csv'), 'utf8'));
  ok(bob.run(['model', 'download', 'churn@1', '--to', 'x']), 'model download');
  assert.deepEqual((JSON.parse(fs.readFileSync(path.join(bob.root, 'x'), 'utf8')) as { lr: number }).lr, 0.1);

  const status = bob.run(['team', 'status']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /behind: up to date/);
  assert.match(status.stdout, /last pull: \d{4}-.* UTC; last push: never/);
  const again2 = bob.run(['pull']);
  assert.equal(again2.code, 0, again2.stderr);
  assert.match(again2.stdout, /already up to date/);
});

test('a version made offline gets the team number on push; the unshared local version holding it moves aside on pull', async () => {
  const db = await teamDatabase(cluster, 'numbers');
  const remote = tempWorkspace('mlops-remote-');
  const alice = teammate('Alice', { database: db, remote: { url: remote } });
  aliceTrains(alice);
  ok(alice.run(['push']), 'alice push');
  // Alice's v2 stays local (not pushed) ...
  fs.writeFileSync(path.join(alice.root, 'data', 'train.csv'), 'x,y\n5,6\n');
  ok(alice.run(['data', 'version', 'train']), 'alice v2');

  // ... while Bob, who never pulled, versions his own train.csv: local v1, team v2 once pushed.
  const bob = teammate('Bob', { database: db, remote: { url: remote } });
  withTraining(bob, 'x,y\n7,8\n');
  ok(bob.run(['data', 'version', 'train']), 'bob v1');
  const bobPush = bob.run(['push']);
  assert.equal(bobPush.code, 0, bobPush.stderr);
  assert.match(bobPush.stdout, /train.* v1 \(local\) is now v2/);
  assert.deepEqual(bob.json<VersionJson[]>(['data', 'versions', 'train']).map((v) => v.version).sort(), [2]);

  const alicePull = alice.run(['pull']);
  assert.equal(alicePull.code, 0, alicePull.stderr);
  assert.match(alicePull.stdout, /v2 \(local\) is now v3/);
  const versions = alice.json<VersionJson[]>(['data', 'versions', 'train']);
  const byNumber = new Map(versions.map((v) => [v.version, v.hash]));
  assert.deepEqual([...byNumber.keys()].sort(), [1, 2, 3]);
  const bobV2 = bob.json<VersionJson[]>(['data', 'versions', 'train'])[0];
  assert.equal(byNumber.get(2), bobV2.hash, "Alice's train@2 is Bob's bytes");

  // Alice's push gives her moved version the next team number, 3: the same everywhere.
  ok(alice.run(['push']), 'alice push v3');
  const rows = await serverRows(db, "SELECT number, hash FROM mlops.dataset_versions WHERE dataset = 'train' ORDER BY number");
  assert.deepEqual(rows.map((r) => [r.number, r.hash]), [1, 2, 3].map((n) => [n, byNumber.get(n)]));
});

test('a corrupted object on the remote is refused on pull and stays out of the cache', async () => {
  const db = await teamDatabase(cluster, 'corrupt');
  const remote = tempWorkspace('mlops-remote-');
  const alice = teammate('Alice', { database: db, remote: { url: remote } });
  const { dataHash } = aliceTrains(alice);
  ok(alice.run(['push']), 'alice push');
  const file = path.join(remote, 'objects', dataHash.slice(0, 2), dataHash.slice(2));
  fs.chmodSync(file, 0o644);
  fs.writeFileSync(file, 'x,y\n9,9\n');

  const bob = teammate('Bob', { database: db, remote: { url: remote } });
  const r = bob.run(['pull']);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.match(r.stdout + r.stderr, new RegExp(`${dataHash.slice(0, 12)}.*corrupt`));
  assert.ok(!fs.existsSync(path.join(bob.root, '.mlops', 'objects', dataHash.slice(0, 2), dataHash.slice(2))));
});

test('usage errors exit 2: no remote and no team, an unknown remote, an unknown REF, a bad --jobs', async () => {
  const db = await teamDatabase(cluster, 'usage');
  const none = teammate('Nobody', {});
  const r = none.run(['push']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /"remotes".*"team"/);
  assert.equal(none.run(['pull']).code, 2);

  const alice = teammate('Alice', { database: db, remote: { url: tempWorkspace('mlops-remote-') } });
  const unknownRemote = alice.run(['push', '--remote', 'nope']);
  assert.equal(unknownRemote.code, 2, unknownRemote.stderr);
  assert.match(unknownRemote.stderr, /nope/);
  const unknownRef = alice.run(['push', 'nosuch@3']);
  assert.equal(unknownRef.code, 2, unknownRef.stderr);
  assert.match(unknownRef.stderr, /nosuch/);
  assert.equal(alice.run(['push', '--jobs', '0']).code, 2);
});
