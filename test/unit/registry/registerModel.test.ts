// Registering model versions from runs, against a real store and object cache.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listAudit } from '../../../src/core/audit/auditQuery';
import { readManifest } from '../../../src/core/data/directoryManifest';
import { hasObject, readObject } from '../../../src/core/data/objectCache';
import { collectGarbage } from '../../../src/core/data/collectGarbage';
import { listVersions, resolveModelRef } from '../../../src/core/registry/modelVersions';
import { registerModel } from '../../../src/core/registry/registerModel';
import { RegistryError } from '../../../src/core/registry/types';
import { finishedRun, registrySnapshot, registryWorkspace, writeFiles } from './registryFixture';

const registryError = (pattern: RegExp) => (err: unknown) => err instanceof RegistryError && pattern.test(err.message);

test('a version from a run: its only artifact, its metrics, a signature from the profiled input, tags, the audit entry', async () => {
  const f = registryWorkspace({ churn: { metric: 'auc', description: 'Who leaves next month' } });
  const runId = await finishedRun(f, { metrics: { auc: [0.7, 0.81], loss: [0.5, NaN], 'system/cpu_percent': [12] } });
  const v = await registerModel(f.store, f.config, { model: 'churn', runId: runId.slice(0, 6), description: 'first cut', tags: { team: 'growth' }, actor: 'Ada <ada@example.com>' });
  assert.equal(v.model, 'churn');
  assert.equal(v.version, 1);
  assert.equal(v.runId, runId);
  assert.equal(v.artifact.path, 'model.pkl');
  assert.equal(v.artifact.kind, 'file');
  assert.equal(readObject(f.root, v.artifact.hash).toString(), `weights of ${runId}`);
  assert.deepEqual(v.metrics, { auc: 0.81, loss: null }, 'last values; NaN as null; the sampler left out');
  assert.deepEqual(v.signature, {
    source: { dataset: 'train', version: 1, item: 'train.csv' },
    inputs: [
      { name: 'age', type: 'integer', nullable: false },
      { name: 'plan', type: 'string', nullable: true },
      { name: 'churned', type: 'integer', nullable: false },
    ],
  });
  assert.deepEqual(v.tags, { team: 'growth' });
  assert.equal(v.description, 'first cut');
  assert.equal(v.registeredBy, 'Ada <ada@example.com>');
  assert.deepEqual(v.aliases, ['latest']);
  const model = f.store.db.prepare('SELECT description, last_version FROM models WHERE name = ?').get<{ description: string; last_version: number }>('churn');
  assert.deepEqual({ ...model }, { description: 'Who leaves next month', last_version: 1 });
  const [entry] = listAudit(f.store, { object: 'churn@1' });
  assert.equal(entry.action, 'model.registered');
  assert.equal(entry.actor, 'Ada <ada@example.com>');
  assert.equal(entry.details.runId, runId);
  assert.deepEqual(entry.details.artifact, v.artifact);
  f.store.close();
});

test('versions count 1, 2, 3 and a deleted number is never reused', async () => {
  const f = registryWorkspace();
  const a = await finishedRun(f);
  const b = await finishedRun(f);
  assert.equal((await registerModel(f.store, f.config, { model: 'churn', runId: a })).version, 1);
  assert.equal((await registerModel(f.store, f.config, { model: 'churn', runId: b })).version, 2);
  f.store.db.prepare("DELETE FROM model_versions WHERE model = 'churn' AND version = 2").run();
  assert.equal((await registerModel(f.store, f.config, { model: 'churn', runId: b })).version, 3);
  assert.deepEqual(listVersions(f.store, 'churn').map((v) => v.version), [3, 1]);
  assert.equal((await registerModel(f.store, f.config, { model: 'other', runId: a })).version, 1, 'numbered per model');
  f.store.close();
});

test('a folder artifact is stored as a directory manifest whose files gc keeps', async () => {
  const f = registryWorkspace();
  const runId = await finishedRun(f);
  writeFiles(f.root, { 'export/model.json': '{"w": [1, 2]}', 'export/sub/vocab.txt': 'a\nb\n' });
  const v = await registerModel(f.store, f.config, { model: 'churn', runId, artifact: path.join(f.root, 'export') });
  assert.equal(v.artifact.kind, 'directory');
  assert.equal(v.artifact.path, 'export');
  assert.equal(v.artifact.size, 13 + 4);
  const entries = readManifest(f.root, v.artifact.hash);
  assert.deepEqual(entries.map((e) => e.path), ['model.json', 'sub/vocab.txt']);
  // The files leave the workspace and the run's artifacts are gone: gc must still keep the version's objects.
  fs.rmSync(path.join(f.root, 'export'), { recursive: true });
  f.store.db.prepare('DELETE FROM artifacts').run();
  f.store.db.prepare('DELETE FROM dataset_versions').run();
  const report = collectGarbage(f.store, f.root, { graceMs: 0 });
  assert.ok(report.objects.length > 0, 'gc removed something (the run artifact), so it did run');
  for (const hash of [v.artifact.hash, ...entries.map((e) => e.sha256)]) assert.ok(hasObject(f.root, hash), `kept ${hash}`);
  f.store.close();
});

test('--artifact names a run artifact (the stored bytes win over a rewritten file) or a workspace file', async () => {
  const f = registryWorkspace();
  const runId = await finishedRun(f, { artifacts: { 'model.pkl': 'run bytes', 'report.txt': 'a report' } });
  fs.writeFileSync(path.join(f.root, 'model.pkl'), 'rewritten later');
  const v = await registerModel(f.store, f.config, { model: 'churn', runId, artifact: './model.pkl' });
  assert.equal(readObject(f.root, v.artifact.hash).toString(), 'run bytes');
  fs.writeFileSync(path.join(f.root, 'other.bin'), 'other');
  const w = await registerModel(f.store, f.config, { model: 'churn', runId, artifact: 'other.bin' });
  assert.equal(w.artifact.path, 'other.bin');
  assert.equal(readObject(f.root, w.artifact.hash).toString(), 'other');
  f.store.close();
});

test('bad input is refused with a RegistryError naming the fix, and nothing is written', async () => {
  const f = registryWorkspace();
  const two = await finishedRun(f, { artifacts: { 'a.pkl': 'a', 'b.pkl': 'b' } });
  const none = await finishedRun(f, { artifacts: {} });
  const running = await finishedRun(f, { status: 'running' });
  fs.writeFileSync(path.join(path.dirname(f.root), `outside-${path.basename(f.root)}.bin`), 'x');
  // A folder holding a symlink that reaches out of the workspace.
  writeFiles(f.root, { 'leaky/model.json': '{}' });
  fs.symlinkSync(path.join(path.dirname(f.root), `outside-${path.basename(f.root)}.bin`), path.join(f.root, 'leaky/secret.bin'));
  const before = registrySnapshot(f.store);
  const cases: [Parameters<typeof registerModel>[2], RegExp][] = [
    [{ model: 'churn', runId: two }, /stored 2 artifacts \(a\.pkl, b\.pkl\): name the one to register with --artifact/],
    [{ model: 'churn', runId: none }, /stored no artifact: name the file or folder/],
    [{ model: 'churn', runId: running }, /is still running: register a model from it once it has finished/],
    [{ model: 'churn', runId: 'nosuchrun' }, /No run "nosuchrun"/],
    [{ model: 'churn', runId: two, artifact: 'missing.pkl' }, /The artifact missing\.pkl does not exist; the run stored a\.pkl, b\.pkl/],
    [{ model: 'churn', runId: two, artifact: `../outside-${path.basename(f.root)}.bin` }, /outside the workspace/],
    [{ model: 'churn', runId: two, artifact: '.mlops/store.db' }, /inside \.mlops/],
    [{ model: 'churn', runId: two, artifact: 'leaky' }, /leaky\/secret\.bin \(in folder leaky\) resolves to .*outside the workspace/],
    [{ model: 'bad name', runId: two, artifact: 'a.pkl' }, /"bad name" is not a model name/],
    [{ model: 'churn', runId: two, artifact: 'a.pkl', tags: { 'a=b': 'x' } }, /Tag key "a=b" is not allowed/],
  ];
  for (const [opts, pattern] of cases) await assert.rejects(registerModel(f.store, f.config, opts), registryError(pattern), pattern.source);
  assert.equal(registrySnapshot(f.store), before);
  assert.throws(() => resolveModelRef(f.store, 'churn'), /No model "churn"/);
  f.store.close();
});

test('no signature when the run read no profiled dataset version', async () => {
  const f = registryWorkspace();
  const runId = await finishedRun(f, { profile: false });
  assert.equal((await registerModel(f.store, f.config, { model: 'churn', runId })).signature, null);
  f.store.close();
});
