import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { FileChangingError } from '../../../src/core/data/fileSnapshot';
import { hasObject, objectPath, readObject } from '../../../src/core/data/objectCache';
import { listObjectFiles } from '../../../src/core/data/objectInventory';
import { verifyObjects } from '../../../src/core/data/verifyObjects';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { Store } from '../../../src/core/store/store';
import { bigContent, dataWorkspace, settled, sha } from './helpers';

test('kill -9 during an object write leaves no partial object, a consistent store, and the next attempt succeeds', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  const content = bigContent(64, 1);
  w.write('big.bin', content, 60);
  await settled(w.abs('big.bin')); // killed in the concurrent method: the copy may outrun the hash
  w.store.close();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'versionChild.ts'), w.root, 'big'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('reading')) {
        child.kill('SIGKILL');
        resolve();
      }
      if (d.toString().includes('done')) reject(new Error('the child finished before it was killed'));
    });
    child.once('exit', () => resolve());
  });
  await new Promise((r) => child.once('exit', r));
  const tmpDir = path.join(w.root, '.mlops', 'objects', 'tmp');
  assert.ok(fs.readdirSync(tmpDir).length >= 1, 'the killed write left its temp file (and only that)');
  assert.equal(hasObject(w.root, sha(content)), false);
  assert.deepEqual(listObjectFiles(w.root), []);
  const store = Store.open(w.root);
  assert.equal(store.db.prepare('PRAGMA integrity_check').get<{ integrity_check: string }>()?.integrity_check, 'ok');
  assert.equal(listVersions(store, 'big').length, 0);
  const r = await versionDataset(store, w.root, w.config, 'big');
  assert.equal(r.items[0].version?.hash, sha(content));
  assert.equal(sha(readObject(w.root, sha(content))), sha(content));
  assert.deepEqual(fs.readdirSync(tmpDir), [], 'the dead process\'s temp file is cleaned up');
  store.close();
});

test('a file rewritten while it is hashed is read again, never recorded under a wrong hash', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  const before = bigContent(16, 2);
  const after = bigContent(16, 3);
  w.write('big.bin', before, 60);
  // Settled, so the first attempt hashes the source while the kernel copies it (the concurrent method).
  await settled(w.abs('big.bin'));
  let rewritten = false;
  const r = await versionDataset(w.store, w.root, w.config, 'big', {
    onProgress: () => {
      if (rewritten) return;
      rewritten = true;
      fs.writeFileSync(w.abs('big.bin'), after); // in place: same inode, new content
    },
  });
  const v = r.items[0].version!;
  assert.equal(v.hash, sha(after));
  for (const o of listObjectFiles(w.root)) assert.equal(sha(fs.readFileSync(o.file)), o.hash);
  // A file that never stops changing is reported, and nothing is recorded.
  let n = 0;
  await assert.rejects(
    versionDataset(w.store, w.root, w.config, 'big', { onProgress: () => fs.writeFileSync(w.abs('big.bin'), bigContent(16, 10 + n++)) }),
    (err: unknown) => err instanceof FileChangingError && /big\.bin kept changing while it was read/.test((err as Error).message),
  );
  assert.equal(listVersions(w.store, 'big').length, 1);
  for (const o of listObjectFiles(w.root)) assert.equal(sha(fs.readFileSync(o.file)), o.hash);
});

test('verify catches a corrupted object, quarantines it, and versioning stores a good copy again', async () => {
  const w = dataWorkspace({ train: 'train.csv' });
  w.write('train.csv', 'id,x\n1,2\n', 60);
  const v = (await versionDataset(w.store, w.root, w.config, 'train')).items[0].version!;
  const file = objectPath(w.root, v.hash);
  fs.chmodSync(file, 0o644);
  fs.writeFileSync(file, 'id,x\n1,3\n'); // bit rot
  const report = await verifyObjects(w.store, w.root);
  assert.equal(report.corrupted.length, 1);
  assert.equal(report.corrupted[0].hash, v.hash);
  assert.deepEqual(report.corrupted[0].versions, ['train:train.csv@1']);
  assert.ok(fs.existsSync(report.corrupted[0].quarantined));
  assert.equal(hasObject(w.root, v.hash), false);
  assert.equal((await verifyObjects(w.store, w.root)).missing.length, 1);
  await versionDataset(w.store, w.root, w.config, 'train');
  assert.equal(readObject(w.root, v.hash).toString(), 'id,x\n1,2\n');
  const clean = await verifyObjects(w.store, w.root);
  assert.deepEqual([clean.corrupted.length, clean.missing.length], [0, 0]);
});
