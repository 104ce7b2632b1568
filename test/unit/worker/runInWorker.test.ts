import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { objectPath } from '../../../src/core/data/objectCache';
import { TableReadError } from '../../../src/core/data/readers/types';
import { profileFile } from '../../../src/core/quality/profile';
import { runInWorker } from '../../../src/core/worker/runInWorker';
import { storeLayout } from '../../../src/core/store/layout';
import { tempWorkspace } from '../tempWorkspace';

const expectedPrefix = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 2);

function csv(dir: string, rows: number): string {
  const file = path.join(dir, 'table.csv');
  const lines = ['id,value,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 37) % 101},${i % 3 ? 'a' : 'b'}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

test('a snapshot made on a worker thread lands in the object cache under its SHA-256', async () => {
  const root = tempWorkspace();
  const file = path.join(root, 'big.bin');
  fs.writeFileSync(file, Buffer.alloc(3 << 20, 7));
  const progress: number[] = [];
  const snap = await runInWorker('snapshot', { workspaceRoot: root, file }, { onProgress: (bytes: number) => progress.push(bytes) });
  const expected = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  assert.equal(snap.hash, expected);
  assert.equal(snap.size, 3 << 20);
  assert.equal(typeof snap.stat.ino, 'bigint', 'the stat keeps its bigints across the thread');
  assert.equal(createHash('sha256').update(fs.readFileSync(objectPath(root, expected))).digest('hex'), expected);
  assert.ok(progress.length >= 1, 'progress reaches the caller');
});

test('a profile from a worker equals the one computed in-thread', async () => {
  const root = tempWorkspace();
  const file = csv(root, 5000);
  assert.deepEqual(await runInWorker('profile', { file }), await profileFile(file));
});

test('a reader error keeps its class, file and line across the thread', async () => {
  const root = tempWorkspace();
  const file = path.join(root, 'bad.csv');
  fs.writeFileSync(file, 'a,b\n1,2\n3,"unclosed\n');
  await assert.rejects(runInWorker('profile', { file }), (err: unknown) => {
    assert.ok(err instanceof TableReadError, String(err));
    assert.equal(err.line, 3);
    assert.match(err.message, /bad\.csv:3/);
    return true;
  });
});

test('cancelling a worker task rejects it and leaves no temp file in the cache', async () => {
  const root = tempWorkspace();
  const file = path.join(root, 'big.bin');
  fs.writeFileSync(file, Buffer.alloc(64 << 20, 1));
  const ctrl = new AbortController();
  // The worker removes its temp file as it stops: its thread's exit is the signal to look.
  const exited = new Promise<number>((resolve) => process.once('worker', (w: Worker) => w.once('exit', resolve)));
  const run = runInWorker('snapshot', { workspaceRoot: root, file }, { signal: ctrl.signal, onProgress: () => ctrl.abort() });
  await assert.rejects(run, (err: Error) => err.name === 'AbortError');
  await exited;
  const tmpDir = path.join(storeLayout(root).objects, 'tmp');
  assert.deepEqual(fs.existsSync(tmpDir) ? fs.readdirSync(tmpDir) : [], []);
  assert.ok(!fs.existsSync(path.join(storeLayout(root).objects, expectedPrefix(file))), 'no object was stored');
});
