import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { readManifest } from '../../../src/core/data/directoryManifest';
import { objectPath, readObject } from '../../../src/core/data/objectCache';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { dataWorkspace, sha } from './helpers';

test('a file: equal content adds nothing, changed content a version, old content a new version on the same object', async () => {
  const w = dataWorkspace({ train: 'data/train.csv' });
  w.write('data/train.csv', 'a\n1\n');
  const r1 = await versionDataset(w.store, w.root, w.config, 'train');
  assert.equal(r1.items[0].state, 'created');
  assert.equal(r1.items[0].version?.version, 1);
  assert.equal(r1.items[0].version?.hash, sha('a\n1\n'));
  assert.equal(readObject(w.root, sha('a\n1\n')).toString(), 'a\n1\n');
  assert.equal(fs.statSync(objectPath(w.root, sha('a\n1\n'))).mode & 0o222, 0, 'objects are read-only');
  assert.equal((await versionDataset(w.store, w.root, w.config, 'train')).items[0].state, 'unchanged');
  w.write('data/train.csv', 'a\n2\n');
  assert.equal((await versionDataset(w.store, w.root, w.config, 'train', { source: 'watch', note: 'edited' })).items[0].version?.version, 2);
  w.write('data/train.csv', 'a\n1\n');
  const back = await versionDataset(w.store, w.root, w.config, 'train');
  assert.deepEqual([back.items[0].state, back.items[0].version?.version, back.items[0].version?.hash], ['created', 3, sha('a\n1\n')]);
  const versions = listVersions(w.store, 'train');
  assert.deepEqual(versions.map((v) => [v.version, v.source, v.note]), [[3, 'cli', ''], [2, 'watch', 'edited'], [1, 'cli', '']]);
  assert.equal(w.store.db.prepare('SELECT COUNT(*) AS n FROM objects').get<{ n: number }>()?.n, 2);
});

test('a rescan of unchanged files reads 0 content bytes (stat cache)', async () => {
  const w = dataWorkspace({ logs: 'logs/*.txt' });
  for (let i = 0; i < 20; i++) w.write(`logs/f${i}.txt`, `line ${i}\n`.repeat(100), 60);
  const first = await versionDataset(w.store, w.root, w.config, 'logs');
  assert.equal(first.items.length, 20);
  assert.ok(first.bytesRead > 0);
  const again = await versionDataset(w.store, w.root, w.config, 'logs');
  assert.equal(again.bytesRead, 0);
  assert.ok(again.items.every((i) => i.state === 'unchanged'));
});

test('a glob versions each match on its own and reports vanished matches as missing', async () => {
  const w = dataWorkspace({ incoming: 'incoming/**/*.csv' });
  w.write('incoming/a.csv', 'x\n1\n');
  w.write('incoming/2024/b.csv', 'x\n2\n');
  w.write('incoming/notes.txt', 'ignored');
  w.write('incoming/node_modules/c.csv', 'ignored');
  const r = await versionDataset(w.store, w.root, w.config, 'incoming');
  assert.deepEqual(r.items.map((i) => [i.item, i.version?.version]), [['incoming/2024/b.csv', 1], ['incoming/a.csv', 1]]);
  fs.rmSync(w.abs('incoming/a.csv'));
  w.write('incoming/2024/b.csv', 'x\n3\n');
  const r2 = await versionDataset(w.store, w.root, w.config, 'incoming');
  assert.deepEqual(r2.items.map((i) => [i.item, i.state, i.version?.version]), [['incoming/2024/b.csv', 'created', 2], ['incoming/a.csv', 'missing', undefined]]);
});

test('a folder is versioned as a whole through a manifest whose hash is the version hash', async () => {
  const w = dataWorkspace({ images: 'data/images' });
  w.write('data/images/b.png', 'BBB');
  w.write('data/images/sub/a.png', 'AA');
  const r = await versionDataset(w.store, w.root, w.config, 'images');
  const v = r.items[0].version!;
  assert.deepEqual([r.items[0].item, v.kind, v.size], ['data/images', 'directory', 5]);
  const manifest = readObject(w.root, v.hash).toString();
  assert.equal(sha(manifest), v.hash);
  assert.deepEqual(readManifest(w.root, v.hash), [
    { path: 'b.png', size: 3, sha256: sha('BBB') },
    { path: 'sub/a.png', size: 2, sha256: sha('AA') },
  ]);
  assert.equal((await versionDataset(w.store, w.root, w.config, 'images')).items[0].state, 'unchanged');
  w.write('data/images/c.png', 'C');
  assert.equal((await versionDataset(w.store, w.root, w.config, 'images')).items[0].version?.version, 2);
});

test('paths outside the workspace are refused, also through a symlink, naming the dataset and path', async () => {
  const w = dataWorkspace({ up: '../elsewhere.csv', linked: 'data/link.csv', linkedDir: 'data/outdir' });
  const outside = fs.mkdtempSync(path.join(path.dirname(w.root), 'outside-'));
  fs.writeFileSync(path.join(outside, 'x.csv'), 'x');
  fs.mkdirSync(w.abs('data'));
  fs.symlinkSync(path.join(outside, 'x.csv'), w.abs('data/link.csv'));
  fs.symlinkSync(outside, w.abs('data/outdir'));
  await assert.rejects(versionDataset(w.store, w.root, w.config, 'up'), /Dataset "up" \(path "\.\.\/elsewhere\.csv" in mlops\.json\).*outside the workspace/);
  await assert.rejects(versionDataset(w.store, w.root, w.config, 'linked'), /Dataset "linked" \(path "data\/link\.csv".*outside the workspace/);
  await assert.rejects(versionDataset(w.store, w.root, w.config, 'linkedDir'), /Dataset "linkedDir".*outside the workspace/);
  await assert.rejects(versionDataset(w.store, w.root, w.config, 'nope'), /No dataset "nope" in mlops\.json \(declared: up, linked, linkedDir\)/);
  fs.rmSync(outside, { recursive: true });
});
