import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { DatasetWatcher, watchErrorMessage } from '../../../src/core/data/datasetWatcher';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { versionDataset, type VersionResult } from '../../../src/core/data/versionDataset';
import { dataWorkspace, sha } from './helpers';

test('the watcher versions a declared file once it stops changing, and only declared paths', async () => {
  const w = dataWorkspace({ train: 'data/train.csv', incoming: 'incoming/*.csv' });
  w.write('data/train.csv', 'a\n');
  fs.mkdirSync(w.abs('incoming'));
  const results: VersionResult[] = [];
  const errors: string[] = [];
  const watcher = new DatasetWatcher(w.store, w.root, w.config, { debounceMs: 100, stableMs: 300, onVersioned: (r) => results.push(r), onError: (_d, m) => errors.push(m) });
  assert.deepEqual(await watcher.start(), ['train', 'incoming']);
  // Written in pieces over ~400 ms: only the finished content becomes a version.
  const fd = fs.openSync(w.abs('data/train.csv'), 'w');
  for (let i = 0; i < 4; i++) {
    fs.writeSync(fd, `row ${i}\n`);
    await new Promise((r) => setTimeout(r, 100));
  }
  fs.closeSync(fd);
  w.write('data/other.csv', 'not declared');
  w.write('incoming/new.csv', 'x\n');
  const deadline = Date.now() + 8000;
  while (Date.now() < deadline && (listVersions(w.store, 'train').length < 1 || listVersions(w.store, 'incoming').length < 1)) await new Promise((r) => setTimeout(r, 100));
  await watcher.close();
  assert.deepEqual(errors, []);
  const train = listVersions(w.store, 'train');
  assert.equal(train.length, 1);
  assert.equal(train[0].hash, sha('row 0\nrow 1\nrow 2\nrow 3\n'));
  assert.equal(train[0].source, 'watch');
  assert.deepEqual(listVersions(w.store, 'incoming').map((v) => v.item), ['incoming/new.csv']);
  assert.equal(w.store.db.prepare(`SELECT COUNT(*) AS n FROM dataset_versions WHERE item LIKE '%other%'`).get<{ n: number }>()?.n, 0);
});

test('ENOSPC (the inotify limit) gets a message with the fix', () => {
  const m = watchErrorMessage('train', Object.assign(new Error('watch failed'), { code: 'ENOSPC' }));
  assert.match(m, /fs\.inotify\.max_user_watches=524288/);
  assert.match(m, /mlops data version/);
});

test('catchUp versions, on start, a versioned dataset changed while nothing watched; never-versioned ones wait for a change', async () => {
  const w = dataWorkspace({ train: 'data/train.csv', test: 'data/test.csv' });
  w.write('data/train.csv', 'v1\n');
  w.write('data/test.csv', 't\n');
  await versionDataset(w.store, w.root, w.config, 'train');
  w.write('data/train.csv', 'v2\n'); // edited with the editor closed
  const results: VersionResult[] = [];
  const watcher = new DatasetWatcher(w.store, w.root, w.config, { debounceMs: 50, stableMs: 100, catchUp: true, onVersioned: (r) => results.push(r) });
  await watcher.start();
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && listVersions(w.store, 'train').length < 2) await new Promise((r) => setTimeout(r, 50));
  await watcher.close();
  assert.deepEqual(listVersions(w.store, 'train').map((v) => [v.version, v.hash, v.source]), [[2, sha('v2\n'), 'watch'], [1, sha('v1\n'), 'cli']]);
  assert.deepEqual(listVersions(w.store, 'test'), []);
});
