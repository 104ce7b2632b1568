// The transfer pool: never more than `jobs` at once, a failure does not stop the rest, progress at
// most every 100 ms (plus the first and the last), cancellation stops new work and rejects.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { runPool } from '../../../src/core/remote/transferPool';
import type { TransferProgress } from '../../../src/core/remote/types';

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ hash: i.toString(16).padStart(64, '0'), size: i }));

test('bounded, failures reported, progress throttled', async () => {
  let running = 0;
  let most = 0;
  const seen: TransferProgress[] = [];
  const started = Date.now();
  const r = await runPool(
    items(400),
    async (item) => {
      running++;
      most = Math.max(most, running);
      await fs.promises.readFile(__filename);
      running--;
      if (item.size % 100 === 7) throw new Error(`item ${item.size} failed`);
    },
    { jobs: 3, phase: 'uploading', onProgress: (p) => seen.push(p) },
  );
  const elapsed = Date.now() - started;
  assert.equal(most, 3);
  assert.deepEqual(r.failed.map((f) => (f.error as Error).message), ['item 7 failed', 'item 107 failed', 'item 207 failed', 'item 307 failed']);
  assert.equal(r.done.length, 396);
  assert.ok(seen.length <= 3 + Math.floor(elapsed / 100), `${seen.length} progress reports in ${elapsed} ms`);
  assert.deepEqual(seen[0], { phase: 'uploading', done: 0, total: 400, bytesDone: 0, bytesTotal: (399 * 400) / 2 });
  assert.deepEqual(seen.at(-1), { phase: 'uploading', done: 400, total: 400, bytesDone: (399 * 400) / 2 - (7 + 107 + 207 + 307), bytesTotal: (399 * 400) / 2 });
});

test('cancel: no new item starts, running ones see the signal, the pool rejects with AbortError', async () => {
  const stop = new AbortController();
  let started = 0;
  let sawAbort = 0;
  await assert.rejects(
    runPool(
      items(100),
      async (_item, signal) => {
        if (++started === 10) stop.abort();
        await fs.promises.readFile(__filename);
        if (signal.aborted) sawAbort++;
      },
      { jobs: 4, phase: 'downloading', signal: stop.signal },
    ),
    { name: 'AbortError' },
  );
  assert.equal(started, 10);
  assert.ok(sawAbort >= 1);
});
