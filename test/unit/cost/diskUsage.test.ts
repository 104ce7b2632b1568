// What .mlops/objects holds, by dataset, run and run cache, on a real store whose objects are shared:
// a folder version holding a file identical to another dataset's version, and a run artifact identical
// to a file of that folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { diskUsage } from '../../../src/core/cost/diskUsage';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { objectPath, putBytes } from '../../../src/core/data/objectCache';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { addArtifact, insertRun } from '../../../src/core/tracking/runRecords';
import { dataWorkspace } from '../data/helpers';

async function sharedWorkspace() {
  const w = dataWorkspace({ tab: 'data/a.csv', imgs: 'imgs' });
  w.write('data/a.csv', 'a'.repeat(1000), 60);
  await versionDataset(w.store, w.root, w.config, 'tab');
  w.write('data/a.csv', 'b'.repeat(1500), 60);
  await versionDataset(w.store, w.root, w.config, 'tab');
  w.write('imgs/x.bin', 'x'.repeat(2000), 60);
  w.write('imgs/y.bin', 'a'.repeat(1000), 60); // the same bytes as tab's version 1
  await versionDataset(w.store, w.root, w.config, 'imgs');
  insertRun(w.store, { id: 'r1', name: 'brisk-otter', experiment: 'train', status: 'finished', command: 'x', cwd: '.', params: {}, createdAt: 1 });
  for (const [p, data] of [['model.bin', 'x'.repeat(2000)], ['log.txt', 'z'.repeat(300)]] as const) {
    const o = putBytes(w.root, data, w.store);
    addArtifact(w.store, 'r1', { path: p, hash: o.hash, size: o.size });
  }
  // Nothing refers to it, and it is older than gc's grace period.
  const garbage = putBytes(w.root, 'g'.repeat(700), w.store);
  const old = Date.now() / 1000 - 3600;
  fs.utimesSync(objectPath(w.root, garbage.hash), old, old);
  const manifestBytes = fs.statSync(objectPath(w.root, listVersions(w.store, 'imgs')[0].hash)).size;
  return { w, manifestBytes };
}

test('each dataset and run counts the objects it refers to, exclusive bytes only its own; dedup and gc figures', async () => {
  const { w, manifestBytes: m } = await sharedWorkspace();
  const du = diskUsage(w.store, w.root);
  const rows = du.entries.map((e) => [e.kind, e.name, e.references, e.objects, e.bytes, e.exclusiveBytes]);
  assert.deepEqual(rows, [
    ['dataset', 'imgs', 1, 3, m + 3000, m],
    ['dataset', 'tab', 2, 2, 2500, 1500],
    ['run', 'brisk-otter', 2, 2, 2300, 300],
  ]);
  assert.equal(du.entries[2].runId, 'r1');
  assert.deepEqual(du.onDisk, { objects: 6, bytes: 1000 + 1500 + m + 2000 + 300 + 700 });
  // Stored separately: 1000 + 1500 (tab) + m + 3000 (imgs) + 2300 (run); stored once: 1000 + 1500 + m + 2000 + 300.
  assert.equal(du.dedupSavedBytes, 3000);
  assert.deepEqual(du.reclaimable, { objects: 1, bytes: 700 });
  // The exclusive bytes, the bytes shared by several, and the unreferenced add up to what is on disk.
  const exclusive = du.entries.reduce((n, e) => n + e.exclusiveBytes, 0);
  assert.equal(exclusive + 1000 + 2000 + 700, du.onDisk.bytes);
  assert.equal(du.monthlyCost, undefined);
});

test('with a storage price each entry and the total have a monthly cost', async () => {
  const { w } = await sharedWorkspace();
  const du = diskUsage(w.store, w.root, { storageGbMonth: 20, currency: 'EUR' });
  assert.deepEqual(du.monthlyCost, { amount: (du.onDisk.bytes / 1e9) * 20, currency: 'EUR' });
  const tab = du.entries.find((e) => e.name === 'tab')!;
  assert.deepEqual(tab.monthlyCost, { amount: (2500 / 1e9) * 20, currency: 'EUR' });
});

test('an empty workspace has nothing on disk and nothing to say', () => {
  const w = dataWorkspace({});
  const du = diskUsage(w.store, w.root);
  assert.deepEqual(du, { entries: [], onDisk: { objects: 0, bytes: 0 }, dedupSavedBytes: 0, reclaimable: { objects: 0, bytes: 0 } });
});
