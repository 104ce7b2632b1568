// Version numbers and aliases on pull: a teammate's version takes the team's number, a local
// unshared version holding it moves aside (audited), this workspace's pushed version takes its team
// number; aliases follow the team store, set and removed. Local stores made by the real core.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { registerModel } from '../../../src/core/registry/registerModel';
import { setAlias } from '../../../src/core/registry/aliases';
import type { Store } from '../../../src/core/store/store';
import { pullRecords } from '../../../src/core/team/pullRecords';
import { finishedRun, registryWorkspace } from '../registry/registryFixture';
import { Seeder, startCluster, teamDatabase, type Cluster } from './pullFixtures';

let cluster: Cluster;
before(async () => {
  cluster = await startCluster();
});
after(async () => {
  await cluster?.stop();
});

const renumbered = (store: Store) =>
  store.db
    .prepare("SELECT object, details_json FROM audit_log WHERE action = 'version.renumbered' ORDER BY seq")
    .all<{ object: string; details_json: string }>()
    .map((e) => ({ object: e.object, ...(JSON.parse(e.details_json) as { from: number; to: number }) }));

test('a teammate\'s dataset version takes its number; the local unshared version holding it moves aside, audited', async () => {
  const { pool } = await teamDatabase(cluster);
  const f = registryWorkspace();
  try {
    const ownWs = f.store.db.prepare("SELECT value FROM workspace_meta WHERE key = 'workspace_id'").get<{ value: string }>()!.value;
    fs.writeFileSync(path.join(f.root, 'train.csv'), 'a\n1\n');
    await versionDataset(f.store, f.root, f.config, 'train');
    fs.writeFileSync(path.join(f.root, 'train.csv'), 'a\n2\n');
    await versionDataset(f.store, f.root, f.config, 'train');
    const local = f.store.db.prepare('SELECT version, uid, hash FROM dataset_versions ORDER BY version').all<{ version: number; uid: string; hash: string }>();
    assert.equal(local.length, 2);
    const auditsBefore = f.store.db.prepare('SELECT count(*) AS n FROM audit_log').get<{ n: number }>()!.n;

    const alice = new Seeder(pool);
    await alice.dataset('train', 'train.csv');
    const a1 = await alice.datasetVersion({ dataset: 'train', item: 'train.csv', hash: '9'.repeat(64) });
    assert.equal(a1.number, 1);
    let report = await pullRecords(f.store, f.root, pool);
    assert.deepEqual(report.renumbered, [{ kind: 'dataset_version', ref: 'train@3', from: 1, to: 3 }]);
    const rows = () =>
      f.store.db
        .prepare('SELECT version, uid, shared, origin FROM dataset_versions ORDER BY version')
        .all<{ version: number; uid: string; shared: number; origin: string }>()
        .map((r) => ({ ...r }));
    assert.deepEqual(rows(), [
      { version: 1, uid: a1.uid, shared: 1, origin: 'team' },
      { version: 2, uid: local[1].uid, shared: 0, origin: 'local' },
      { version: 3, uid: local[0].uid, shared: 0, origin: 'local' },
    ]);
    assert.deepEqual(renumbered(f.store), [{ object: 'train@3', from: 1, to: 3, uid: local[0].uid }]);
    // The one audit entry is the move aside: nothing else pulled enters this workspace's chain.
    assert.equal(f.store.db.prepare('SELECT count(*) AS n FROM audit_log').get<{ n: number }>()!.n, auditsBefore + 1);

    // This workspace's own version, pushed: it comes back with the team's number and becomes shared.
    const me = new Seeder(pool, ownWs, 'Me <me@example.com>');
    const mine = await me.datasetVersion({ uid: local[0].uid, dataset: 'train', item: 'train.csv', hash: local[0].hash });
    assert.equal(mine.number, 2);
    report = await pullRecords(f.store, f.root, pool);
    assert.equal(report.pulled.dataset_version, 0, 'our own version is not a teammate\'s');
    assert.deepEqual(report.renumbered, [
      { kind: 'dataset_version', ref: 'train@4', from: 2, to: 4 },
      { kind: 'dataset_version', ref: 'train@2', from: 3, to: 2 },
    ]);
    assert.deepEqual(rows(), [
      { version: 1, uid: a1.uid, shared: 1, origin: 'team' },
      { version: 2, uid: local[0].uid, shared: 1, origin: 'local' },
      { version: 4, uid: local[1].uid, shared: 0, origin: 'local' },
    ]);
    assert.equal(f.store.db.prepare("SELECT count(*) AS n FROM team_records WHERE kind = 'dataset_version'").get<{ n: number }>()!.n, 2);
  } finally {
    f.store.close();
    await pool.end();
  }
});

test('model versions renumber like data, alias history follows, and aliases are set and removed as on the team store', async () => {
  const { pool } = await teamDatabase(cluster);
  const f = registryWorkspace();
  try {
    const run = await finishedRun(f);
    const mine = await registerModel(f.store, f.config, { model: 'churn', runId: run });
    assert.equal(mine.version, 1);
    setAlias(f.store, f.config, { model: 'churn', alias: 'staging', version: 1, reason: 'try it' });

    const alice = new Seeder(pool);
    await alice.model('churn', 'team churn model');
    const a1 = await alice.modelVersion({ model: 'churn', hash: '7'.repeat(64), tags: { by: 'alice' } });
    await alice.moveAlias('churn', 'champion', null, a1.uid, [null, 1]);
    let report = await pullRecords(f.store, f.root, pool);
    assert.deepEqual(report.renumbered, [{ kind: 'model_version', ref: 'churn@2', from: 1, to: 2 }]);
    const versions = f.store.db.prepare('SELECT id, version, uid, origin FROM model_versions ORDER BY version').all<{ id: number; version: number; uid: string; origin: string }>();
    assert.deepEqual(versions.map((v) => [v.version, v.origin]), [[1, 'team'], [2, 'local']]);
    assert.equal(versions[0].uid, a1.uid);
    assert.equal(f.store.db.prepare('SELECT last_version FROM models WHERE name = ?').get<{ last_version: number }>('churn')!.last_version, 2);
    const alias = (name: string) => f.store.db.prepare('SELECT version_id FROM model_aliases WHERE model = ? AND alias = ?').get<{ version_id: number }>('churn', name)?.version_id;
    assert.equal(alias('champion'), versions[0].id);
    assert.equal(alias('staging'), versions[1].id, 'a local alias stays');
    const events = () =>
      f.store.db
        .prepare('SELECT alias, old_version, new_version, origin FROM alias_events ORDER BY id')
        .all()
        .map((e) => ({ ...e }));
    assert.deepEqual(events(), [
      { alias: 'staging', old_version: null, new_version: 2, origin: 'local' },
      { alias: 'champion', old_version: null, new_version: 1, origin: 'team' },
    ]);
    assert.deepEqual(renumbered(f.store), [{ object: 'churn@2', from: 1, to: 2, uid: versions[1].uid }]);

    await alice.moveAlias('churn', 'champion', a1.uid, null, [1, null]);
    report = await pullRecords(f.store, f.root, pool);
    assert.equal(report.pulled.alias_event, 1);
    assert.equal(alias('champion'), undefined, 'removed on the team store, removed here');
    assert.deepEqual(events().at(-1), { alias: 'champion', old_version: 1, new_version: null, origin: 'team' });
  } finally {
    f.store.close();
    await pool.end();
  }
});
