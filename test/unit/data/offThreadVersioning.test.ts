// Versioning with `offThreadBytes`: files read on a worker thread give exactly what the in-thread
// path gives, cancel cleanly, and are never recorded under a wrong hash.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { listObjectFiles } from '../../../src/core/data/objectInventory';
import { versionDataset, type VersionOptions } from '../../../src/core/data/versionDataset';
import { bigContent, dataWorkspace, settled, sha } from './helpers';

const DATASETS = { big: 'big.bin', incoming: 'incoming/*.csv', images: 'images' };

/** One workspace versioned twice (the second time after edits), with `opts`; what the store then holds. */
async function versionTwice(opts: VersionOptions) {
  const w = dataWorkspace(DATASETS);
  w.write('big.bin', bigContent(4, 1), 60);
  w.write('incoming/a.csv', 'x\n1\n', 60);
  w.write('incoming/b.csv', 'x\n2\n', 60);
  w.write('images/cat.png', bigContent(1, 2), 60);
  w.write('images/sub/dog.png', bigContent(2, 3), 60);
  // Which thread read the files: progress from a worker arrives through runInWorker's message handler.
  const threads = new Set<string>();
  const onProgress = () => threads.add(/runInWorker/.test(new Error().stack ?? '') ? 'worker' : 'main');
  const read: number[] = [];
  for (const name of Object.keys(DATASETS)) read.push((await versionDataset(w.store, w.root, w.config, name, { ...opts, onProgress })).bytesRead);
  w.write('big.bin', bigContent(4, 4), 60);
  w.write('incoming/b.csv', 'x\n3\n', 60);
  w.write('images/sub/dog.png', bigContent(2, 5), 60);
  for (const name of Object.keys(DATASETS)) read.push((await versionDataset(w.store, w.root, w.config, name, { ...opts, onProgress })).bytesRead);
  // Unchanged files are answered by the stat cache on either path: nothing read.
  for (const name of Object.keys(DATASETS)) read.push((await versionDataset(w.store, w.root, w.config, name, { ...opts, onProgress })).bytesRead);
  const versions = Object.keys(DATASETS).flatMap((d) => listVersions(w.store, d).map((v) => [v.dataset, v.item, v.kind, v.version, v.hash, v.size]));
  const objects = w.store.db.prepare('SELECT hash, size FROM objects ORDER BY hash').all();
  const refs = w.store.db.prepare('SELECT parent, child FROM object_refs ORDER BY parent, child').all();
  const files = listObjectFiles(w.root).map((o) => [o.hash, sha(fs.readFileSync(o.file))]);
  const tmp = fs.readdirSync(path.join(w.root, '.mlops', 'objects', 'tmp'));
  w.store.close();
  return { versions, objects, refs, files, tmp, read, threads: [...threads] };
}

test('versioning on a worker (offThreadBytes: 0) records the same versions, hashes and objects as in-thread', async () => {
  const inThread = await versionTwice({});
  const onWorker = await versionTwice({ offThreadBytes: 0 });
  assert.deepEqual(inThread.threads, ['main']);
  assert.deepEqual(onWorker.threads, ['worker'], 'every file was read on the worker');
  assert.equal(onWorker.versions.length, 7, 'big v1 v2, incoming a v1, b v1 v2, images v1 v2');
  assert.deepEqual(onWorker.versions, inThread.versions);
  assert.deepEqual(onWorker.objects, inThread.objects);
  assert.deepEqual(onWorker.refs, inThread.refs);
  assert.deepEqual(onWorker.files, inThread.files);
  for (const [hash, content] of onWorker.files) assert.equal(content, hash, 'each object holds the bytes its hash names');
  assert.deepEqual(onWorker.read, inThread.read);
  assert.deepEqual(onWorker.read.slice(6), [0, 0, 0]);
  assert.deepEqual(onWorker.tmp, []);
});

test('only files at least offThreadBytes big go to the worker', async () => {
  const w = dataWorkspace({ small: 'small.csv', big: 'big.bin' });
  w.write('small.csv', 'a\n1\n', 60);
  w.write('big.bin', bigContent(2, 7), 60);
  const threadOf = async (name: string) => {
    let thread = '';
    await versionDataset(w.store, w.root, w.config, name, { offThreadBytes: 1 << 20, onProgress: () => (thread = /runInWorker/.test(new Error().stack ?? '') ? 'worker' : 'main') });
    return thread;
  };
  assert.equal(await threadOf('small'), 'main');
  assert.equal(await threadOf('big'), 'worker');
  w.store.close();
});

test('cancelling a worker versioning mid-file leaves no version, no object and no temp file', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  w.write('big.bin', bigContent(128, 8), 60);
  const ctrl = new AbortController();
  let progressAtCancel = -1;
  await assert.rejects(
    versionDataset(w.store, w.root, w.config, 'big', {
      offThreadBytes: 0,
      signal: ctrl.signal,
      onProgress: ({ bytes, total }) => {
        if (progressAtCancel >= 0) return;
        progressAtCancel = bytes / total;
        ctrl.abort();
      },
    }),
    (err: Error) => err.name === 'AbortError',
  );
  assert.ok(progressAtCancel >= 0 && progressAtCancel < 1, `cancelled mid-file (at ${progressAtCancel})`);
  assert.equal(listVersions(w.store, 'big').length, 0);
  assert.equal(w.store.db.prepare('SELECT COUNT(*) AS n FROM objects').get<{ n: number }>()?.n, 0);
  assert.deepEqual(listObjectFiles(w.root), []);
  assert.deepEqual(fs.readdirSync(path.join(w.root, '.mlops', 'objects', 'tmp')), [], 'the worker removed its temp file before the cancel settled');
  // The next attempt succeeds.
  const r = await versionDataset(w.store, w.root, w.config, 'big', { offThreadBytes: 0 });
  assert.equal(r.items[0].version?.hash, sha(fs.readFileSync(w.abs('big.bin'))));
  w.store.close();
});

test('a file rewritten while a worker hashes it is read again, never recorded under a wrong hash', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  const after = bigContent(128, 10);
  w.write('big.bin', bigContent(128, 9), 60);
  await settled(w.abs('big.bin')); // the worker's first attempt takes the concurrent method
  let rewritten = false;
  const r = await versionDataset(w.store, w.root, w.config, 'big', {
    offThreadBytes: 0,
    onProgress: () => {
      if (rewritten) return;
      rewritten = true;
      fs.writeFileSync(w.abs('big.bin'), after); // in place: same inode, new content, while the worker reads
    },
  });
  assert.ok(rewritten);
  assert.equal(r.items[0].version?.hash, sha(after));
  assert.deepEqual(listVersions(w.store, 'big').map((v) => v.hash), [sha(after)]);
  for (const o of listObjectFiles(w.root)) assert.equal(sha(fs.readFileSync(o.file)), o.hash);
  assert.deepEqual(fs.readdirSync(path.join(w.root, '.mlops', 'objects', 'tmp')), []);
  w.store.close();
});
