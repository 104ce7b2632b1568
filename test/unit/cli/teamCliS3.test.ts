// Alice and Bob sharing through an S3 remote (s3rver on loopback, the real AWS SDK) and a real
// PostgreSQL team store, through the built CLI (run without blocking: this process serves S3).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { ok, startPostgres, startS3Server, teamDatabase, teammate, withTraining, type PgCluster } from './teamCliSetup';

let cluster: PgCluster;
let s3: { endpoint: string; stop(): Promise<void> };
before(async () => {
  [cluster, s3] = await Promise.all([startPostgres(), startS3Server({ buckets: ['team'] })]);
});
after(async () => {
  await Promise.all([cluster?.stop(), s3?.stop()]);
});

test('push to an S3 remote, pull and check out from it in another workspace', async () => {
  const db = await teamDatabase(cluster, 's3share');
  const remote = { url: 's3://team/ml', endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true };
  const env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
  const alice = teammate('Alice', { database: db, remote, env });
  withTraining(alice);
  ok(await alice.exec(['data', 'version', 'train']), 'data version');
  const run = JSON.parse(ok(await alice.exec(['run', 'train', '--json']), 'run').stdout) as { id: string };
  ok(await alice.exec(['model', 'register', 'churn', '--run', run.id, '--artifact', 'model.json']), 'register');
  const pushed = await alice.exec(['push']);
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.match(pushed.stdout, /^pushed \d+ objects .* to team/m);
  assert.doesNotMatch(pushed.stdout + pushed.stderr, /S3RVER/);

  const bob = teammate('Bob', { database: db, remote, env, config: { datasets: { train: 'data/train.csv' } } });
  const pulled = await bob.exec(['pull']);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.match(pulled.stdout, /objects \(.*\) from team/);
  ok(await bob.exec(['data', 'checkout', 'train@1']), 'checkout');
  assert.equal(fs.readFileSync(path.join(bob.root, 'data', 'train.csv'), 'utf8'), fs.readFileSync(path.join(alice.root, 'data', 'train.csv'), 'utf8'));
  ok(await bob.exec(['model', 'download', 'churn@1', '--to', 'x']), 'download');
  assert.ok(fs.statSync(path.join(bob.root, 'x')).isFile());

  // Without credentials the remote refuses: exit 1, naming the remote, never a key.
  const denied = teammate('Eve', { database: db, remote, env: { AWS_ACCESS_KEY_ID: 'WRONG', AWS_SECRET_ACCESS_KEY: 'WRONG-SECRET' } });
  withTraining(denied);
  ok(await denied.exec(['data', 'version', 'train']), 'eve data version');
  const r = await denied.exec(['push']);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.doesNotMatch(r.stdout + r.stderr, /WRONG-SECRET/);
  assert.match(r.stderr, /Remote "team" .*credentials/);
});
