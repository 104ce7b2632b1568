// A restore copies on libuv's pool, not the calling thread: the extension host keeps serving the UI
// while a big version is written back.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { checkoutVersion } from '../../../src/core/data/checkoutVersion';
import { parseDatasetRef, resolveDatasetRef } from '../../../src/core/data/datasetRef';
import { placeObject } from '../../../src/core/data/placeObject';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { bigContent, dataWorkspace, sha } from './helpers';

test('restoring a 64 MB version leaves the event loop mostly idle: a 1 ms timer keeps firing', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  const v1 = bigContent(64, 1);
  w.write('big.bin', v1, 60);
  await versionDataset(w.store, w.root, w.config, 'big');
  w.write('big.bin', bigContent(64, 2), 60);
  await versionDataset(w.store, w.root, w.config, 'big');
  const target = resolveDatasetRef(w.store, parseDatasetRef('big@1'));

  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const elu = performance.eventLoopUtilization();
  const r = await checkoutVersion(w.store, w.root, w.config, target);
  const busy = performance.eventLoopUtilization(elu);
  clearInterval(timer);

  assert.equal(r.saved, undefined, 'the working content was versioned already: the stat cache answered, nothing was read');
  assert.equal(sha(fs.readFileSync(w.abs('big.bin'))), sha(v1), 'restored byte-identical');
  // A synchronous copy holds the thread for the whole restore: utilization near 1 and no tick.
  assert.ok(busy.utilization < 0.5, `event loop busy ${(busy.utilization * 100).toFixed(0)}% of the restore (${busy.active.toFixed(0)} of ${(busy.active + busy.idle).toFixed(0)} ms)`);
  assert.ok(ticks >= 5, `the timer fired ${ticks} times during the restore`);
  w.store.close();
});

test('placeObject keeps the mode, replaces the file whole, and removes its temp file on error', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  const content = bigContent(2, 3);
  w.write('big.bin', content, 60);
  const hash = (await versionDataset(w.store, w.root, w.config, 'big')).items[0].version!.hash;
  await placeObject(w.root, hash, w.abs('out/copy.bin'), 'copy', 0o640);
  assert.ok(fs.readFileSync(w.abs('out/copy.bin')).equals(content));
  assert.equal(fs.statSync(w.abs('out/copy.bin')).mode & 0o777, 0o640);
  await placeObject(w.root, hash, w.abs('out/link.bin'), 'hardlink');
  assert.equal(fs.statSync(w.abs('out/link.bin')).mode & 0o777, 0o444, 'hard link (or its fallback copy) is read-only');
  assert.deepEqual(fs.readdirSync(w.abs('out')).sort(), ['copy.bin', 'link.bin']);
  // The destination is a directory: the rename fails, the temp file beside it is removed.
  fs.mkdirSync(w.abs('out/dir/inner'), { recursive: true });
  await assert.rejects(placeObject(w.root, hash, w.abs('out/dir'), 'copy'));
  assert.deepEqual(fs.readdirSync(w.abs('out')).sort(), ['copy.bin', 'dir', 'link.bin']);
  await assert.rejects(placeObject(w.root, 'f'.repeat(64), w.abs('out/none.bin')), /object ffffffffffff for .*none\.bin is missing from \.mlops\/objects/);
  w.store.close();
});
