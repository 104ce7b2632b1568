// output.log's writer: flushed() resolves only once what was written is in the file, which the
// launcher waits for before it records a run's end.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { OutputLog } from '../../../src/core/tracking/outputLog';
import { tempWorkspace } from '../tempWorkspace';

test('flushed() resolves once every write so far is in the file', async () => {
  const file = path.join(tempWorkspace(), 'output.log');
  const log = new OutputLog(file, (reason) => assert.fail(reason));
  // 64 MB in 1 MB writes: far more than a write stream takes in one go.
  const chunk = Buffer.alloc(1024 * 1024, 'x');
  for (let i = 0; i < 64; i++) log.write(chunk);
  await log.flushed();
  assert.equal(fs.statSync(file).size, 64 * chunk.length);
  // Nothing buffered: it resolves at once, and the log still takes writes.
  await log.flushed();
  log.write('end\n');
  await log.end();
  assert.equal(fs.statSync(file).size, 64 * chunk.length + 4);
});
