import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { watchAppends } from '../../../src/core/tracking/appendWatch';
import { tempWorkspace } from '../tempWorkspace';

test('an append is reported once per burst, and nothing after close', { timeout: 30_000 }, async (t) => {
  // The watcher is not persistent (a launcher's own interval keeps its process alive): hold the
  // event loop open while the test waits for the file system's notification.
  const keepAlive = setInterval(() => undefined, 1000);
  t.after(() => clearInterval(keepAlive));
  const file = path.join(tempWorkspace(), 'events.jsonl');
  fs.writeFileSync(file, '');
  let calls = 0;
  let heard: () => void = () => undefined;
  const w = watchAppends(file, () => {
    calls++;
    heard();
  }, 200);
  const first = new Promise<void>((resolve) => (heard = resolve));
  // Three quick appends: one call, once the burst has settled.
  for (let i = 0; i < 3; i++) fs.appendFileSync(file, `{"type":"metric","key":"loss","value":${i}}\n`);
  await first;
  assert.equal(calls, 1);
  const second = new Promise<void>((resolve) => (heard = resolve));
  fs.appendFileSync(file, '{"type":"metric","key":"loss","value":3}\n');
  await second;
  assert.equal(calls, 2);
  w.close();
  fs.appendFileSync(file, '{"type":"metric","key":"loss","value":4}\n');
  // A second watcher on the same file proves appends are still seen; the closed one stays silent.
  const control = new Promise<void>((resolve) => {
    const c = watchAppends(file, () => {
      c.close();
      resolve();
    });
    fs.appendFileSync(file, '{"type":"metric","key":"loss","value":5}\n');
  });
  await control;
  assert.equal(calls, 2, 'no call after close');
});

test('a file that cannot be watched gives a watcher that reports nothing and closes cleanly', () => {
  const w = watchAppends(path.join(tempWorkspace(), 'no-such-file.jsonl'), () => assert.fail('called'));
  w.close();
});
