// A stage may depend on a pattern (a dataset of batches, `incoming/*.csv`): it hashes as the set of
// files it matches, so a new, changed or removed match makes the stage stale and a file the pattern
// does not match leaves it up to date; matching nothing is a state, not a missing dependency.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { MlopsConfig } from '../../../src/core/config/types';
import { pipelineStatus } from '../../../src/core/pipelines/pipelineStatus';
import { reasonText } from '../../../src/core/pipelines/reasonText';
import { resolveStage } from '../../../src/core/pipelines/resolveStage';
import type { PipelineStatus } from '../../../src/core/pipelines/types';
import { dataWorkspace } from '../data/helpers';
import { recordAsRun } from './stageFixture';

function batchesWorkspace() {
  const ws = dataWorkspace({ batches: 'incoming/*.csv' });
  const config: MlopsConfig = { ...ws.config, pipelines: { p: { stages: { prepare: { command: 'python prep.py', deps: ['batches'], outs: ['features.csv'] } } } } };
  const run = async () => {
    ws.write('features.csv', 'features', 60);
    return recordAsRun(ws.store, ws.root, resolveStage(ws.root, config, 'p', 'prepare'), {});
  };
  const status = () => pipelineStatus(ws.store, ws.root, config, 'p');
  return { ...ws, config, run, status };
}

const summary = (s: PipelineStatus) => s.stages.map((x) => [x.stage, x.state, ...x.reasons.map(reasonText)]);

test('a dataset of batches as a dependency: matches in, others out, none at all', async () => {
  const ws = batchesWorkspace();
  assert.deepEqual(summary(await ws.status()), [['prepare', 'stale', 'never run']], 'no batch yet is not a missing dependency');
  ws.write('incoming/b1.csv', 'x\n1\n', 60);
  await ws.run();
  assert.deepEqual(summary(await ws.status()), [['prepare', 'up-to-date']]);

  ws.write('incoming/notes.txt', 'not a batch', 60);
  assert.deepEqual(summary(await ws.status()), [['prepare', 'up-to-date']], 'a file the pattern does not match');

  ws.write('incoming/b2.csv', 'x\n2\n', 60);
  assert.deepEqual(summary(await ws.status()), [['prepare', 'stale', 'incoming/*.csv modified']], 'a new batch');
  await ws.run();
  const again = await ws.status();
  assert.deepEqual(summary(again), [['prepare', 'up-to-date']]);
  assert.equal(again.bytesRead, 0, 'unchanged matches are answered by the stat cache');

  ws.write('incoming/b1.csv', 'x\n9\n', 60);
  assert.deepEqual(summary(await ws.status()), [['prepare', 'stale', 'incoming/*.csv modified']], 'a changed batch');
  await ws.run();
  fs.rmSync(path.join(ws.root, 'incoming/b2.csv'));
  assert.deepEqual(summary(await ws.status()), [['prepare', 'stale', 'incoming/*.csv modified']], 'a removed batch');
});
