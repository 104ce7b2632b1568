// The two snapshot methods: a settled file is hashed while the kernel copies it, a recently changed
// one is copied first and the copy hashed; either way the object holds exactly the bytes its hash
// names, whatever writes the file meanwhile.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RACY_MS, snapshotFile, snapshotMethod } from '../../../src/core/data/fileSnapshot';
import { statFile } from '../../../src/core/data/fileStat';
import { listObjectFiles } from '../../../src/core/data/objectInventory';
import { objectPath } from '../../../src/core/data/objectCache';
import { bigContent, dataWorkspace, settled, sha } from './helpers';

const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const tmpFiles = (root: string) => fs.readdirSync(path.join(root, '.mlops', 'objects', 'tmp'));

/** Every object file holds the bytes its name (the hash) says. */
function assertObjectsSound(root: string): void {
  for (const o of listObjectFiles(root)) assert.equal(sha(fs.readFileSync(o.file)), o.hash, `object ${o.hash.slice(0, 12)} holds other bytes`);
}

test('snapshotMethod: concurrent only when both mtime and ctime are older than the racy window', () => {
  const now = 1_800_000_000_000;
  const at = (mtimeAgo: number, ctimeAgo: number) => snapshotMethod({ mtimeNs: ns(now - mtimeAgo), ctimeNs: ns(now - ctimeAgo) }, now);
  assert.equal(at(60_000, 60_000), 'concurrent');
  assert.equal(at(RACY_MS + 1, RACY_MS + 1), 'concurrent');
  assert.equal(at(RACY_MS, RACY_MS), 'strict', 'at the window\'s edge');
  assert.equal(at(500, 500), 'strict', 'changed half a second ago');
  assert.equal(at(60_000, 500), 'strict', 'mtime set back by utimes: the ctime says it was just touched');
  assert.equal(at(500, 60_000), 'strict');
  assert.equal(at(-5_000, 60_000), 'strict', 'an mtime in the future counts as recent');
});

test('a settled file is versioned by the concurrent method and its object equals the file', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  const content = bigContent(24, 1);
  w.write('big.bin', content);
  await settled(w.abs('big.bin'));
  const seen: number[] = [];
  const snap = await snapshotFile(w.root, w.abs('big.bin'), { store: w.store, onProgress: (bytes, total) => seen.push(bytes / total) });
  assert.equal(snap.method, 'concurrent');
  assert.equal(snap.hash, sha(content));
  assert.equal(snap.size, content.length);
  assert.ok(fs.readFileSync(objectPath(w.root, snap.hash)).equals(content), 'the object holds the file\'s bytes');
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'progress never goes back');
  assert.ok(seen.length > 0 && seen.every((f) => f >= 0 && f <= 1));
  assert.equal(w.store.db.prepare('SELECT size FROM objects WHERE hash = ?').get<{ size: number }>(snap.hash)?.size, content.length);
  assert.deepEqual(tmpFiles(w.root), []);
  w.store.close();
});

test('a file changed within the racy window is versioned by the strict method', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  const content = bigContent(8, 2);
  w.write('big.bin', content, 60); // mtime set back an hour; utimes itself moves the ctime to now
  const started = Date.now();
  const snap = await snapshotFile(w.root, w.abs('big.bin'), { store: w.store });
  assert.ok(Number(statFile(w.abs('big.bin')).ctimeNs / 1_000_000n) > started - RACY_MS, 'still within the window when read');
  assert.equal(snap.method, 'strict');
  assert.equal(snap.hash, sha(content));
  assert.ok(fs.readFileSync(objectPath(w.root, snap.hash)).equals(content));
  assert.deepEqual(tmpFiles(w.root), []);
  w.store.close();
});

test('a settled file rewritten in place mid-read by the concurrent method is read again by the strict one', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  const after = bigContent(200, 4);
  w.write('big.bin', bigContent(200, 3));
  await settled(w.abs('big.bin'));
  let rewritten = false;
  let rewrittenAt = 0;
  const snap = await snapshotFile(w.root, w.abs('big.bin'), {
    store: w.store,
    onProgress: () => {
      if (rewritten) return;
      rewritten = true;
      fs.writeFileSync(w.abs('big.bin'), after); // same inode and size, other bytes, while both read
      rewrittenAt = Date.now();
    },
  });
  assert.ok(rewritten);
  // The retry picks its method from the file's age: within the racy window of the rewrite it must be
  // the strict one. On a machine so loaded that the window had passed before the retry, the file is
  // settled again and the concurrent method is right too; what must hold either way is the hash.
  if (Date.now() - rewrittenAt < RACY_MS) assert.equal(snap.method, 'strict', 'the concurrent attempt saw the change; the retry found a recent file');
  assert.equal(snap.hash, sha(after));
  assert.deepEqual(listObjectFiles(w.root).map((o) => o.hash), [sha(after)], 'only the new content was stored');
  assertObjectsSound(w.root);
  assert.deepEqual(tmpFiles(w.root), []);
  w.store.close();
});

test('a settled file that another process appends to while it is versioned is stored as one real state of it', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  const file = w.abs('big.bin');
  w.write('big.bin', bigContent(200, 5));
  await settled(file);
  // The writer starts on "go" (sent once the snapshot has begun) and appends 1 MiB 40 times, 10 ms apart.
  const script = `process.stdin.once('data', async () => { const b = Buffer.alloc(1 << 20, 7); for (let i = 0; i < 40; i++) { require('fs').appendFileSync(${JSON.stringify(file)}, b); await new Promise((r) => setTimeout(r, 10)); } process.exit(0); });`;
  const writer = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'inherit', 'inherit'] });
  const exited = new Promise<number | null>((r) => writer.once('exit', r));
  let told = false;
  const snap = await snapshotFile(w.root, file, {
    store: w.store,
    attempts: 40,
    onProgress: () => {
      if (told) return;
      told = true;
      writer.stdin.write('go\n');
    },
  });
  assert.equal(await exited, 0);
  const final = fs.readFileSync(file);
  const stored = fs.readFileSync(objectPath(w.root, snap.hash));
  assert.equal(sha(stored), snap.hash, 'the object holds exactly the bytes its hash names');
  assert.equal(stored.length, snap.size);
  assert.ok(stored.length >= 200 << 20 && final.subarray(0, stored.length).equals(stored), 'the object is the file as it stood at some moment (a prefix of the appended file)');
  assertObjectsSound(w.root);
  assert.deepEqual(tmpFiles(w.root), []);
  w.store.close();
});

test('cancelling the concurrent method stops the hash and the copy and leaves no temp file', async () => {
  const w = dataWorkspace({ big: 'big.bin' });
  w.write('big.bin', bigContent(200, 6));
  await settled(w.abs('big.bin'));
  const ctrl = new AbortController();
  let at = -1;
  await assert.rejects(
    snapshotFile(w.root, w.abs('big.bin'), {
      store: w.store,
      signal: ctrl.signal,
      onProgress: (bytes, total) => {
        if (at >= 0) return;
        at = bytes / total;
        ctrl.abort();
      },
    }),
    (err: Error) => err.name === 'AbortError',
  );
  assert.ok(at >= 0 && at < 1, `cancelled mid-file (at ${at})`);
  assert.deepEqual(tmpFiles(w.root), [], 'the temp file is gone as the cancel settles');
  assert.deepEqual(listObjectFiles(w.root), []);
  assert.equal(w.store.db.prepare('SELECT COUNT(*) AS n FROM objects').get<{ n: number }>()?.n, 0);
  // The next attempt (same file, still settled) succeeds, and the cancelled copy left nothing behind.
  const snap = await snapshotFile(w.root, w.abs('big.bin'), { store: w.store });
  assert.equal(snap.method, 'concurrent');
  assert.equal(snap.hash, sha(fs.readFileSync(w.abs('big.bin'))));
  assert.deepEqual(tmpFiles(w.root), []);
  w.store.close();
});
