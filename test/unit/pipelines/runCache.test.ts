import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { collectGarbage } from '../../../src/core/data/collectGarbage';
import { hasObject, objectPath } from '../../../src/core/data/objectCache';
import { cacheEntries, lookupCache, recordExecution } from '../../../src/core/pipelines/runCache';
import { getStageState } from '../../../src/core/pipelines/stageState';
import { dataWorkspace, sha } from '../data/helpers';
import { recordAsRun, stageSpec } from './stageFixture';

test('recordExecution writes the cache entry and the stage state together; lookupCache finds it', async () => {
  const ws = dataWorkspace({});
  ws.write('data/train.csv', 'x\n1\n');
  ws.write('model.pkl', 'm1');
  const stage = stageSpec();
  const e = await recordAsRun(ws.store, ws.root, stage, { metrics: { acc: 0.9 }, cost: 0.25, cpuSeconds: 12, durationMs: 3000 });

  assert.deepEqual(lookupCache(ws.store, ws.root, e.key), e);
  const state = getStageState(ws.store, 'p', 'train');
  assert.equal(state?.key, e.key);
  assert.equal(state?.command, 'python train.py');
  assert.deepEqual(state?.params, { lr: 0.1 });
  assert.deepEqual(state?.deps.map((d) => d.hash), [sha('x\n1\n')]);
  assert.deepEqual(state?.outs, e.outs);
  assert.equal(lookupCache(ws.store, ws.root, sha('no such key')), undefined);

  // A second execution under another key: both stay cached, newest first; the state follows the newest.
  ws.write('model.pkl', 'm2');
  const e2 = await recordAsRun(ws.store, ws.root, stageSpec({ params: { lr: 0.2 } }), { createdAt: e.createdAt + 1 });
  assert.deepEqual(cacheEntries(ws.store, 'p', 'train').map((c) => c.key), [e2.key, e.key]);
  assert.equal(getStageState(ws.store, 'p', 'train')?.key, e2.key);
});

test('a failed write leaves neither the cache entry nor the state', async () => {
  const ws = dataWorkspace({});
  ws.write('data/train.csv', 'x');
  ws.write('model.pkl', 'm');
  // The state's write fails (a param JSON cannot hold) after the cache entry's succeeded: both roll back.
  const stage = stageSpec({ params: { n: 1n as unknown as number } });
  assert.throws(() => recordExecution(ws.store, { key: sha('k'), pipeline: 'p', stage: 'train', outs: [], metrics: {} }, stage, []), /BigInt/);
  assert.equal(getStageState(ws.store, 'p', 'train'), undefined);
  assert.deepEqual(cacheEntries(ws.store, 'p', 'train'), []);
});

test('an entry whose out object (or a folder file) is gone is not offered', async () => {
  const ws = dataWorkspace({});
  ws.write('data/train.csv', 'x');
  ws.write('model.pkl', 'm');
  ws.write('plots/a.txt', 'A');
  const e = await recordAsRun(ws.store, ws.root, stageSpec({ outs: ['model.pkl', 'plots'] }));
  assert.ok(lookupCache(ws.store, ws.root, e.key));
  fs.rmSync(objectPath(ws.root, sha('A')));
  assert.equal(lookupCache(ws.store, ws.root, e.key), undefined);
});

test('gc keeps the run cache objects, a folder out\'s files included, and removes them once no entry refers to them', async () => {
  const ws = dataWorkspace({});
  ws.write('data/train.csv', 'x');
  ws.write('model.pkl', 'weights');
  ws.write('plots/a.txt', 'A');
  const e = await recordAsRun(ws.store, ws.root, stageSpec({ outs: ['model.pkl', 'plots'] }));
  const objects = [sha('weights'), sha('A'), e.outs[1].hash];
  const report = collectGarbage(ws.store, ws.root, { graceMs: 0 });
  assert.deepEqual(report.objects, []);
  for (const h of objects) assert.ok(hasObject(ws.root, h), h);

  // Only the state still refers to them: still kept.
  ws.store.db.prepare('DELETE FROM stage_cache').run();
  collectGarbage(ws.store, ws.root, { graceMs: 0 });
  for (const h of objects) assert.ok(hasObject(ws.root, h), h);

  ws.store.db.prepare('DELETE FROM stage_state').run();
  collectGarbage(ws.store, ws.root, { graceMs: 0, force: true });
  for (const h of objects) assert.ok(!hasObject(ws.root, h), h);
});
