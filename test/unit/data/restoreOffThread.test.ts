// A restore copies on libuv's pool, not the calling thread: the extension host keeps serving the UI
// while a big version is written back. How much of the thread it leaves free is a figure of
// `npm run bench` (bench/offThread.ts); here, what happened.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { checkoutVersion } from '../../../src/core/data/checkoutVersion';
import { parseDatasetRef, resolveDatasetRef } from '../../../src/core/data/datasetRef';
import { placeObject } from '../../../src/core/data/placeObject';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { bigContent, dataWorkspace, sha } from './helpers';

test('restoring a 64 MB version is asynchronous I/O: the event loop turns before it ends, and the file comes back byte-identical', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  const v1 = bigContent(64, 1);
  w.write('big.bin', v1, 60);
  await versionDataset(w.store, w.root, w.config, 'big');
  w.write('big.bin', bigContent(64, 2), 60);
  await versionDataset(w.store, w.root, w.config, 'big');
  const target = resolveDatasetRef(w.store, parseDatasetRef('big@1'));

  // Queued before the restore starts: a restore done in one synchronous stretch ends before it runs.
  let turned = false;
  setImmediate(() => (turned = true));
  const r = await checkoutVersion(w.store, w.root, w.config, target);

  assert.ok(turned, 'the event loop ran while the restore was under way');
  assert.equal(r.saved, undefined, 'the working content was versioned already: the stat cache answered, nothing was read');
  assert.equal(sha(fs.readFileSync(w.abs('big.bin'))), sha(v1), 'restored byte-identical');
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
  await assert.rejects(placeObject(w.root, 'f'.repeat(64), w.abs('out/none.bin')), /Restoring .*none\.bin: the object ffffffffffff is missing from \.mlops\/objects/);
  w.store.close();
});
