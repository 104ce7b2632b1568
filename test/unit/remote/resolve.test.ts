// Which remote a command means, and which objects a ref needs (runs, dataset and model versions).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyConfig, type MlopsConfig } from '../../../src/core/config/types';
import { objectPath } from '../../../src/core/data/objectCache';
import { downloadModelVersion } from '../../../src/core/registry/downloadModelVersion';
import { registerModel } from '../../../src/core/registry/registerModel';
import { neededObjects, UnknownRefError } from '../../../src/core/remote/neededObjects';
import { resolveRemote } from '../../../src/core/remote/openRemote';
import { pushObjects } from '../../../src/core/remote/pushObjects';
import { displayEndpoint } from '../../../src/core/remote/s3Remote';
import { RemoteConfigError } from '../../../src/core/remote/types';
import { sha } from '../data/helpers';
import { finishedRun, registryWorkspace } from '../registry/registryFixture';
import { tempWorkspace } from '../tempWorkspace';

const withRemotes = (remotes: MlopsConfig['remotes'], team?: MlopsConfig['team']): MlopsConfig => ({ ...emptyConfig(), remotes, ...(team ? { team } : {}) });

test('the named remote, else team.remote, else the one marked default, else the only one', () => {
  const root = '/w';
  const pick = (c: MlopsConfig, name?: string) => {
    const r = resolveRemote(root, c, name);
    return [r.name, r.kind, r.location];
  };
  assert.deepEqual(pick(withRemotes({ a: { url: 'shared/objs' } })), ['a', 'folder', '/w/shared/objs']);
  assert.deepEqual(pick(withRemotes({ a: { url: 'file:///mnt/team' }, b: { url: 's3://bucket/x/y/', default: true } })), ['b', 's3', 's3://bucket/x/y']);
  assert.deepEqual(pick(withRemotes({ a: { url: '/mnt/a' }, b: { url: 's3://bucket', default: true } }, { remote: 'a' })), ['a', 'folder', '/mnt/a']);
  assert.deepEqual(pick(withRemotes({ a: { url: '/mnt/a' }, b: { url: 's3://bucket', default: true } }), 'a'), ['a', 'folder', '/mnt/a']);
  const refused = (c: MlopsConfig, re: RegExp, name?: string) => assert.throws(() => resolveRemote(root, c, name), (e: Error) => e instanceof RemoteConfigError && re.test(e.message));
  refused(emptyConfig(), /mlops\.json has no "remotes": add one/);
  refused(withRemotes({ a: { url: '/a' }, b: { url: '/b' } }), /has 2 remotes \(a, b\) and none is the default: set "default": true on one \(or team\.remote\), or pass --remote NAME/);
  refused(withRemotes({ a: { url: '/a' } }), /No remote "x" in mlops\.json "remotes" \(remotes: a\)/, 'x');
  refused(withRemotes({ a: { url: '/a' } }, { remote: 'gone' }), /"team\.remote" names "gone", which is not in "remotes"/);
  refused(withRemotes({ a: { url: 's3://No_Such' } }), /remotes\.a\.url "s3:\/\/No_Such" is not a valid S3 location/);
  assert.equal(displayEndpoint('http://key:secret@127.0.0.1:9000/'), 'http://127.0.0.1:9000/', 'a credential written into an endpoint is never shown');
  refused(withRemotes({ a: { url: 'https://example.com/x' } }), /remotes\.a\.url "https:\/\/example\.com\/x" uses a scheme remotes do not support: write s3:\/\/bucket\/prefix/);
});

test('objects a ref needs: a run, a model version, every version of a dataset; an unknown ref is refused', async () => {
  const f = registryWorkspace();
  const runId = await finishedRun(f);
  await registerModel(f.store, f.config, { model: 'churn', runId });
  const train = sha(fs.readFileSync(path.join(f.root, 'train.csv')));
  const weights = sha(`weights of ${runId}`);
  assert.deepEqual([...neededObjects(f.store, [runId]).keys()].sort(), [train, weights].sort());
  assert.deepEqual([...neededObjects(f.store, [runId.slice(0, 6)]).keys()].sort(), [train, weights].sort());
  assert.deepEqual([...neededObjects(f.store, ['churn@1'])], [[weights, `weights of ${runId}`.length]]);
  assert.deepEqual([...neededObjects(f.store, ['churn@latest', 'train']).keys()].sort(), [train, weights].sort());
  assert.ok(neededObjects(f.store).has(weights));
  // A plain-file input is hashed for provenance, never stored: no remote can be asked for it.
  const plain = sha('a file read by the run, not a dataset');
  f.store.db.prepare('INSERT INTO run_inputs (run_id, path, hash) VALUES (?, ?, ?)').run(runId, 'notes/readme.txt', plain);
  assert.ok(!neededObjects(f.store).has(plain));
  assert.deepEqual([...neededObjects(f.store, [runId]).keys()].sort(), [train, weights].sort());
  assert.throws(() => neededObjects(f.store, ['churn@7']), (e: Error) => e instanceof UnknownRefError && /churn@7 does not exist/.test(e.message));
  assert.throws(() => neededObjects(f.store, ['train@9']), (e: Error) => e instanceof UnknownRefError && /no version 9/.test(e.message));
  assert.throws(() => neededObjects(f.store, ['nope']), (e: Error) => e instanceof UnknownRefError && /"nope" names no run, dataset or model here/.test(e.message));
  f.store.close();
});

test('model download fetches an artifact that is only on the remote', async () => {
  const f = registryWorkspace();
  const runId = await finishedRun(f);
  await registerModel(f.store, f.config, { model: 'churn', runId });
  const config: MlopsConfig = { ...f.config, remotes: { team: { url: fs.realpathSync(tempWorkspace('mlops-remote-')) } } };
  const remote = resolveRemote(f.root, config);
  await pushObjects(f.store, f.root, remote, neededObjects(f.store, ['churn@1']));
  const weights = sha(`weights of ${runId}`);
  fs.rmSync(objectPath(f.root, weights));
  const out = path.join(tempWorkspace('mlops-download-'), 'm.pkl');
  await downloadModelVersion(f.store, 'churn@1', out, { config });
  assert.equal(fs.readFileSync(out, 'utf8'), `weights of ${runId}`);
  assert.ok(fs.existsSync(objectPath(f.root, weights)));
  f.store.close();
});
