// `mlops remote list|status` as a user runs it (the built CLI in a child process): output, JSON and exit codes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { neededObjects } from '../../../src/core/remote/neededObjects';
import { resolveRemote } from '../../../src/core/remote/openRemote';
import { pushObjects } from '../../../src/core/remote/pushObjects';
import { mlops as mlopsSync, spawnMlops, type CliResult } from '../cli/runCli';
import { tempWorkspace } from '../tempWorkspace';
import { remoteConfig, workspaceWithData } from './helpers';

const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const s of stops) await s();
});

/** The CLI without blocking this process: s3rver runs in it and must keep answering. */
function mlops(args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawnMlops(args, cwd, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function setRemotes(root: string, remotes: Record<string, unknown>) {
  const file = path.join(root, 'mlops.json');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), remotes }, null, 2));
}

test('remote list and status: table, JSON, and exit 2 for an unknown remote or ref', async () => {
  const r = await remoteConfig('s3');
  stops.push(r.stop);
  const w = await workspaceWithData(r.config);
  const shared = fs.realpathSync(tempWorkspace('mlops-remote-'));
  setRemotes(w.root, { team: { ...r.config, default: true }, nas: { url: shared } });

  const list = await mlops(['remote', 'list', '--json'], w.root);
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout), [
    { name: 'team', kind: 's3', location: `s3://team/shared/mlops (${r.config.endpoint})`, default: true },
    { name: 'nas', kind: 'folder', location: shared, default: false },
  ]);
  assert.match((await mlops(['remote', 'list'], w.root)).stdout, /^NAME\s+KIND\s+LOCATION\s+DEFAULT\nteam\s+s3\s+s3:\/\/team\/shared\/mlops .*yes\nnas\s+folder/);

  // Half of it pushed: train@1 only.
  const remote = resolveRemote(w.root, w.config);
  stops.push(async () => remote.close());
  await pushObjects(w.store, w.root, remote, neededObjects(w.store, ['train@1']));
  const env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
  const status = await mlops(['remote', 'status', '--json'], w.root, env);
  assert.equal(status.code, 0, status.stderr);
  const s = JSON.parse(status.stdout);
  assert.deepEqual([s.remote, s.toPush.count, s.toPull.count, s.missingEverywhere.count], ['team', 5, 0, 0]);
  const text = await mlops(['remote', 'status', '--remote', 'nas', 'train'], w.root, env);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`Remote nas \\(${shared}\\):\\n  to push: 2 objects \\(\\d+ B\\) here and not on the remote\\n  to pull: 0 objects \\(0 B\\)`));

  const unknown = await mlops(['remote', 'status', '--remote', 'nope'], w.root, env);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /No remote "nope" in mlops\.json "remotes" \(remotes: team, nas\)/);
  const badRef = await mlops(['remote', 'status', 'train@9'], w.root, env);
  assert.equal(badRef.code, 2);
  assert.match(badRef.stderr, /no version 9/);
  assert.equal(mlopsSync(['remote', 'frobnicate'], w.root).code, 2);
});

test('remote status exits 1 when the remote cannot be reached, naming it and the fix', async () => {
  const w = await workspaceWithData();
  setRemotes(w.root, { team: { url: 's3://team/x', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', forcePathStyle: true } });
  const r = await mlops(['remote', 'status'], w.root, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'secret-never-shown', AWS_MAX_ATTEMPTS: '1' });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /Remote "team" \(s3:\/\/team\/x at http:\/\/127\.0\.0\.1:9\): checking object \w{12} failed \(.*\): check that the endpoint is reachable/);
  assert.doesNotMatch(r.stderr, /secret-never-shown/);
});
