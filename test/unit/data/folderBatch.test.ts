// Versioning a folder of many small files syncs once per batch instead of once per file, with the
// same guarantees: every object holds exactly the bytes its name hashes to, nothing refers to an
// object before it is on disk, and a kill -9 leaves temp files only.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkoutVersion } from '../../../src/core/data/checkoutVersion';
import { parseDatasetRef, resolveDatasetRef } from '../../../src/core/data/datasetRef';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { readManifest } from '../../../src/core/data/directoryManifest';
import { contentReads } from '../../../src/core/data/fileSnapshot';
import { BATCH_FILE_BYTES } from '../../../src/core/data/objectBatch';
import { listObjectFiles } from '../../../src/core/data/objectInventory';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { Store } from '../../../src/core/store/store';
import { mlops, spawnMlops } from '../cli/runCli';
import { dataWorkspace, sha } from './helpers';

function fillFolder(abs: string, files: number): void {
  fs.mkdirSync(abs, { recursive: true });
  // Older than the stat cache's racy window, as data files usually are, so a rescan reads nothing.
  const old = Date.now() / 1000 - 60;
  for (let i = 0; i < files; i++) {
    const file = path.join(abs, `f${String(i).padStart(5, '0')}.bin`);
    fs.writeFileSync(file, i % 10 === 0 ? 'same content\n' : randomBytes(512 + (i % 7)));
    fs.utimesSync(file, old, old);
  }
}

/** Every object file holds the bytes its name hashes to. */
function assertObjectsWhole(root: string): number {
  const objects = listObjectFiles(root);
  for (const o of objects) assert.equal(sha(fs.readFileSync(o.file)), o.hash, `object ${o.hash} holds other bytes`);
  return objects.length;
}

test('a folder of small files (and one big one) versions whole: objects, stat cache, restore', async () => {
  const w = dataWorkspace({ images: 'images' });
  fillFolder(w.abs('images'), 2100); // more than one batch
  w.write('images/big.bin', randomBytes(BATCH_FILE_BYTES + 1), 60);
  const r = await versionDataset(w.store, w.root, w.config, 'images');
  assert.equal(r.items[0].state, 'created');
  const entries = readManifest(w.root, r.items[0].version!.hash);
  assert.equal(entries.length, 2101);
  for (const e of entries) assert.equal(e.sha256, sha(fs.readFileSync(w.abs(`images/${e.path}`))), e.path);
  // 1890 distinct small contents + the repeated one + the big file + the manifest.
  assert.equal(assertObjectsWhole(w.root), 1890 + 1 + 1 + 1);
  assert.deepEqual(fs.readdirSync(w.abs('.mlops/objects/tmp')), [], 'no temp file left');
  // The stat cache knows every file: a rescan reads no content.
  const before = contentReads.bytes;
  const again = await versionDataset(w.store, w.root, w.config, 'images');
  assert.equal(again.items[0].state, 'unchanged');
  assert.equal(contentReads.bytes, before);
  // And the version restores.
  fs.rmSync(w.abs('images/f00001.bin'));
  fs.writeFileSync(w.abs('images/f00002.bin'), 'changed');
  await versionDataset(w.store, w.root, w.config, 'images');
  await checkoutVersion(w.store, w.root, w.config, resolveDatasetRef(w.store, parseDatasetRef('images@1')));
  for (const e of entries) assert.equal(e.sha256, sha(fs.readFileSync(w.abs(`images/${e.path}`))), e.path);
  w.store.close();
});

test('kill -9 while a folder is versioned in batches leaves no partial object and no version; the next attempt succeeds', async () => {
  const w = dataWorkspace({});
  w.store.close();
  fillFolder(w.abs('data'), 3000);
  const tmpDir = w.abs('.mlops/objects/tmp');
  const child = spawnMlops(['data', 'add', 'data'], w.root);
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  // Killed once a batch is being written (its temp files are there), before it is recorded.
  while (!(fs.existsSync(tmpDir) && fs.readdirSync(tmpDir).length >= 300)) {
    assert.equal(child.exitCode, null, 'the add finished before it could be killed');
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGKILL');
  await exited;
  assertObjectsWhole(w.root);
  const store = Store.open(w.root);
  assert.deepEqual(listVersions(store, 'data'), [], 'no version refers to objects that may not be on disk');
  store.close();

  const again = mlops(['data', 'add', 'data'], w.root);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(fs.readdirSync(tmpDir), [], 'the killed attempt\'s temp files are gone');
  const store2 = Store.open(w.root);
  const [v] = listVersions(store2, 'data');
  assert.equal(readManifest(w.root, v.hash).length, 3000);
  store2.close();
  assertObjectsWhole(w.root);
});

test('a glob of many small files is batched too: every item its version, every object whole', async () => {
  const w = dataWorkspace({ shards: 'shards/*.bin' });
  fillFolder(w.abs('shards'), 2100); // more than one batch
  const r = await versionDataset(w.store, w.root, w.config, 'shards');
  assert.equal(r.items.length, 2100);
  assert.ok(r.items.every((i) => i.state === 'created' && i.version!.hash === sha(fs.readFileSync(w.abs(i.item)))));
  assert.equal(assertObjectsWhole(w.root), 1890 + 1);
  assert.deepEqual(fs.readdirSync(w.abs('.mlops/objects/tmp')), [], 'no temp file left');
  const before = contentReads.bytes;
  const again = await versionDataset(w.store, w.root, w.config, 'shards');
  assert.ok(again.items.every((i) => i.state === 'unchanged'));
  assert.equal(contentReads.bytes, before, 'the stat cache answered for every file');
  w.store.close();
});
