// datasetStatus with `offThreadBytes` (the Datasets tree passes it): a modified file over the limit
// is hashed on a worker thread, one under it and unchanged files are not; the states are the same.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { datasetStatus } from '../../../src/core/data/datasetStatus';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { bigContent, dataWorkspace } from './helpers';

/** How many worker threads `fn` started (Node emits 'worker' on process for each). */
async function workersStartedBy<T>(fn: () => Promise<T>): Promise<{ result: T; workers: number }> {
  let workers = 0;
  const count = (_w: Worker) => workers++;
  process.on('worker', count);
  try {
    return { result: await fn(), workers };
  } finally {
    process.off('worker', count);
  }
}

test('status hashes a modified file over offThreadBytes on a worker, and gives the in-thread states', async () => {
  const w = dataWorkspace({ big: 'big.bin', small: 'small.csv', folder: 'folder' });
  w.write('big.bin', bigContent(2, 1), 60);
  w.write('small.csv', 'a\n1\n', 60);
  w.write('folder/part.bin', bigContent(2, 2), 60);
  for (const name of ['big', 'small', 'folder']) await versionDataset(w.store, w.root, w.config, name);
  const states = (list: Awaited<ReturnType<typeof datasetStatus>>) => list.map((s) => [s.dataset, s.state]);
  const limit = { offThreadBytes: 1 << 20 };

  const clean = await workersStartedBy(() => datasetStatus(w.store, w.root, w.config, undefined, limit));
  assert.deepEqual(states(clean.result), [['big', 'clean'], ['small', 'clean'], ['folder', 'clean']]);
  assert.equal(clean.workers, 0, 'unchanged files are answered by the stat cache: nothing to hash');

  w.write('big.bin', bigContent(2, 3), 60);
  w.write('small.csv', 'a\n2\n', 60);
  const modified = await workersStartedBy(() => datasetStatus(w.store, w.root, w.config, ['big', 'small'], limit));
  assert.deepEqual(states(modified.result), [['big', 'modified'], ['small', 'modified']]);
  assert.equal(modified.workers, 1, 'big.bin (2 MB) on a worker, small.csv in-thread');

  w.write('folder/part.bin', bigContent(2, 4), 60);
  const folder = await workersStartedBy(() => datasetStatus(w.store, w.root, w.config, ['folder'], limit));
  assert.deepEqual(states(folder.result), [['folder', 'modified']]);
  assert.equal(folder.workers, 1, 'a folder\'s big file too');

  // Without the option (the CLI), the same answers from this thread.
  w.write('big.bin', bigContent(2, 5), 60);
  const inThread = await workersStartedBy(() => datasetStatus(w.store, w.root, w.config));
  assert.deepEqual(states(inThread.result), [['big', 'modified'], ['small', 'modified'], ['folder', 'modified']]);
  assert.equal(inThread.workers, 0);
  w.store.close();
});
