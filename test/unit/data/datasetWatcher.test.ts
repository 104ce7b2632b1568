import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { DatasetWatcher, watchErrorMessage } from '../../../src/core/data/datasetWatcher';
import { listVersions } from '../../../src/core/data/datasetVersions';
import type { VersionResult } from '../../../src/core/data/versionDataset';
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
