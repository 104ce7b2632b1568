// Reading the registry: models, versions, references, against a real store. The rows are written
// with SQL here so the readers are checked apart from registerModel and setAlias.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { getVersionById, listModels, listVersions, resolveModelRef, versionsFromRun } from '../../../src/core/registry/modelVersions';
import { RegistryError } from '../../../src/core/registry/types';
import { insertRun } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

function seeded(): Store {
  const store = Store.open(tempWorkspace());
  insertRun(store, { id: 'run-a', name: 'a', experiment: 'train', status: 'finished', command: 'x', cwd: '.', params: {}, createdAt: 1 });
  const db = store.db;
  db.prepare("INSERT INTO models (name, description, created_at, last_version) VALUES ('churn', 'churn model', 1, 3), ('empty', '', 1, 0)").run();
  const insert = db.prepare(
    `INSERT INTO model_versions (model, version, run_id, artifact_hash, artifact_path, artifact_kind, artifact_size, metrics_json, signature_json, registered_by, created_at)
     VALUES ('churn', ?, ?, ?, 'model.pkl', 'file', 10, ?, NULL, 'Ada <ada@example.com>', ?)`,
  );
  insert.run(1, 'run-a', 'a'.repeat(64), '{"auc":0.8,"loss":null}', 10);
  insert.run(3, 'run-a', 'b'.repeat(64), '{"auc":0.9}', 30);
  const v1 = db.prepare("SELECT id FROM model_versions WHERE model = 'churn' AND version = 1").get<{ id: number }>()!.id;
  db.prepare("INSERT INTO model_aliases (model, alias, version_id, moved_at) VALUES ('churn', 'champion', ?, 5)").run(v1);
  db.prepare("INSERT INTO model_version_tags (version_id, key, value) VALUES (?, 'team', 'growth')").run(v1);
  return store;
}

test('listModels: version counts, the latest version and the aliases', () => {
  const store = seeded();
  assert.deepEqual(listModels(store), [
    { name: 'churn', description: 'churn model', versions: 2, latestVersion: 3, aliases: { champion: 1 } },
    { name: 'empty', description: '', versions: 0, aliases: {} },
  ]);
  store.close();
});

test('listVersions: newest first, with tags, metrics (null kept) and aliases (latest on the highest)', () => {
  const store = seeded();
  const [v3, v1] = listVersions(store, 'churn');
  assert.equal(v3.version, 3);
  assert.deepEqual(v3.aliases, ['latest']);
  assert.deepEqual(v1.aliases, ['champion']);
  assert.deepEqual(v1.tags, { team: 'growth' });
  assert.deepEqual(v1.metrics, { auc: 0.8, loss: null });
  assert.deepEqual(v1.artifact, { hash: 'a'.repeat(64), path: 'model.pkl', kind: 'file', size: 10 });
  assert.equal(v1.registeredBy, 'Ada <ada@example.com>');
  assert.equal(v1.signature, null);
  assert.deepEqual(listVersions(store, 'empty'), []);
  assert.throws(() => listVersions(store, 'nope'), (e: unknown) => e instanceof RegistryError && /No model "nope".*churn, empty/.test(e.message));
  store.close();
});

test('resolveModelRef: numbers, aliases, latest, bare names; clear errors for what does not exist', () => {
  const store = seeded();
  assert.equal(resolveModelRef(store, 'churn@1').version, 1);
  assert.equal(resolveModelRef(store, 'churn@champion').version, 1);
  assert.equal(resolveModelRef(store, 'churn@latest').version, 3);
  assert.equal(resolveModelRef(store, 'churn').version, 3);
  assert.equal(resolveModelRef(store, { model: 'churn', ref: 3 }).version, 3);
  assert.throws(() => resolveModelRef(store, 'churn@2'), /churn@2 does not exist: versions of churn: 1, 3/);
  assert.throws(() => resolveModelRef(store, 'churn@prod'), /no alias "prod" \(aliases: champion, latest\)/);
  assert.throws(() => resolveModelRef(store, 'empty'), /has no versions/);
  assert.throws(() => resolveModelRef(store, 'nope@1'), RegistryError);
  store.close();
});

test('versionsFromRun and getVersionById', () => {
  const store = seeded();
  const fromRun = versionsFromRun(store, 'run-a');
  assert.deepEqual(fromRun.map((v) => v.version), [1, 3]);
  assert.deepEqual(versionsFromRun(store, 'run-zzz'), []);
  assert.equal(getVersionById(store, fromRun[1].id)?.version, 3);
  assert.equal(getVersionById(store, 9999), undefined);
  store.close();
});
