import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { latestSchemaVersion, migrations } from '../../../src/core/store/migrations';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

test('migration 2 keeps versions written under migration 1, numbered per item', () => {
  const root = tempWorkspace();
  // A database at schema 1 with a version in it, as an older release left it.
  const file = path.join(root, '.mlops', 'store.db');
  const v1 = new Database(path.join(root, 'v1.db'));
  v1.exec(migrations[0].sql);
  v1.exec('PRAGMA user_version = 1');
  v1.exec(`INSERT INTO datasets VALUES ('train', 'data/train.csv', 1); INSERT INTO dataset_versions (dataset, version, hash, size, created_at, message) VALUES ('train', 1, '${'a'.repeat(64)}', 3, 2, 'first')`);
  v1.close();
  fs.mkdirSync(path.join(root, '.mlops'));
  fs.renameSync(path.join(root, 'v1.db'), file);
  const store = Store.open(root);
  // Later migrations run too: the store always opens at the latest schema.
  assert.equal(store.schemaVersion(), latestSchemaVersion);
  const row = store.db.prepare('SELECT dataset, item, version, hash, note, source FROM dataset_versions').get<Record<string, unknown>>();
  assert.deepEqual({ ...row }, { dataset: 'train', item: 'data/train.csv', version: 1, hash: 'a'.repeat(64), note: 'first', source: 'cli' });
  const cols = store.db.prepare('PRAGMA table_info(run_inputs)').all<{ name: string }>().map((c) => c.name);
  assert.ok(cols.includes('dataset_version_id'));
  store.close();
});
