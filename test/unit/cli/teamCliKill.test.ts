// A push stopped midway, through the built CLI: kill -9 while objects upload, then while records go,
// then a push that completes with nothing doubled on the remote or the team store; Ctrl+C exits 130
// saying what completed.
import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { tempWorkspace } from '../tempWorkspace';
import { ok, startPostgres, teamDatabase, teammate, type PgCluster, type Teammate } from './teamCliSetup';

let cluster: PgCluster;
before(async () => {
  cluster = await startPostgres();
});
after(async () => {
  await cluster?.stop();
});

async function count(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0].n);
  } finally {
    await client.end();
  }
}

function remoteObjects(remoteDir: string): string[] {
  const dir = path.join(remoteDir, 'objects');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((d) => /^[0-9a-f]{2}$/.test(d)).flatMap((d) => fs.readdirSync(path.join(dir, d)).map((f) => d + f));
}

const PARTS = 40;

/** PARTS files of 4 MB each in a glob dataset, versioned: enough bytes that an upload takes a while. */
function bigWorkspace(db: string, remote: string): Teammate {
  const t = teammate('Alice', { database: db, remote: { url: remote, jobs: 1 }, config: { datasets: { parts: 'data/parts/*.bin' } } });
  fs.mkdirSync(path.join(t.root, 'data', 'parts'), { recursive: true });
  for (let i = 0; i < PARTS; i++) fs.writeFileSync(path.join(t.root, 'data', 'parts', `p${String(i).padStart(2, '0')}.bin`), crypto.randomBytes(4 << 20));
  ok(t.run(['data', 'version', 'parts']), 'data version');
  for (let i = 0; i < 3; i++) ok(t.run(['run', '--', process.execPath, '-e', `console.log(${i})`]), 'adhoc run');
  return t;
}

test('kill -9 while objects upload and while records go, then a push completes with nothing doubled', async () => {
  const db = await teamDatabase(cluster, 'killed');
  const remote = tempWorkspace('mlops-remote-');
  const alice = bigWorkspace(db, remote);

  const first = alice.start(['push', '--jobs', '1']);
  await first.stderrMatch(/uploading/);
  first.kill('SIGKILL');
  assert.equal((await first.done).signal, 'SIGKILL');
  const partial = remoteObjects(remote).length;
  assert.ok(partial < PARTS, `the kill came after every object was uploaded (${partial})`);
  assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.dataset_versions'), 0, 'no record before its objects');

  const second = alice.start(['push']);
  await second.stderrMatch(/pushing records/);
  second.kill('SIGKILL');
  await second.done;
  assert.equal(remoteObjects(remote).length, PARTS, 'the objects phase finished before the records began');

  const third = alice.run(['push']);
  assert.equal(third.code, 0, third.stderr + third.stdout);
  assert.equal(remoteObjects(remote).length, PARTS);
  assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.dataset_versions'), PARTS);
  assert.equal(await count(db, 'SELECT count(DISTINCT (item, number)) AS n FROM mlops.dataset_versions'), PARTS);
  assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.runs'), 3);
  assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.workspaces'), 1);
  const audit = await count(db, 'SELECT count(*) AS n FROM mlops.audit_entries');
  assert.equal(await count(db, 'SELECT count(DISTINCT local_seq) AS n FROM mlops.audit_entries'), audit);

  const fourth = alice.run(['push']);
  assert.equal(fourth.code, 0, fourth.stderr);
  assert.match(fourth.stdout, /nothing to push/);
});

test('Ctrl+C stops a push, says what completed and exits 130; the next push finishes', async () => {
  const db = await teamDatabase(cluster, 'interrupted');
  const remote = tempWorkspace('mlops-remote-');
  const alice = bigWorkspace(db, remote);
  const push = alice.start(['push', '--jobs', '1']);
  await push.stderrMatch(/uploading/);
  push.kill('SIGINT');
  const r = await push.done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /mlops push: cancelled while uploading objects: \d+ of 40 done; nothing had completed before/);
  assert.match(r.stderr, /run mlops push again/);
  assert.ok(remoteObjects(remote).length < PARTS);
  assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.dataset_versions'), 0, 'no record before its objects');
  const again = alice.run(['push']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(remoteObjects(remote).length, PARTS);
});
