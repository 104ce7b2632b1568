import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { parseParamOverrides, substituteParams } from '../../../src/core/tracking/params';
import { newRunId, runIdTime } from '../../../src/core/tracking/runId';
import { insertRun } from '../../../src/core/tracking/runRecords';
import { resolveRunRef } from '../../../src/core/tracking/runRef';
import { expandSweep } from '../../../src/core/tracking/sweep';
import { tempWorkspace } from '../tempWorkspace';

test('a grid sweep is the full product of the lists, over the run\'s own params', () => {
  const sets = expandSweep({ command: 'x', params: { lr: 1, epochs: 10 }, sweep: { lr: [0.1, 0.01], depth: [3, 5], parallel: 2 } });
  assert.deepEqual(sets, [
    { lr: 0.1, epochs: 10, depth: 3 },
    { lr: 0.1, epochs: 10, depth: 5 },
    { lr: 0.01, epochs: 10, depth: 3 },
    { lr: 0.01, epochs: 10, depth: 5 },
  ]);
});

test('a random sweep draws "samples" sets, the same ones for the same seed, within the ranges', () => {
  const run = { command: 'x', sweep: { samples: 50, seed: 7, lr: { min: 0.0001, max: 0.1, log: true }, depth: { min: 2, max: 6, integer: true }, opt: ['adam', 'sgd'] } };
  const a = expandSweep(run);
  assert.equal(a.length, 50);
  assert.deepEqual(expandSweep(run), a);
  assert.notDeepEqual(expandSweep({ ...run, sweep: { ...run.sweep, seed: 8 } }), a);
  for (const s of a) {
    assert.ok((s.lr as number) >= 0.0001 && (s.lr as number) <= 0.1);
    assert.ok(Number.isInteger(s.depth) && (s.depth as number) >= 2 && (s.depth as number) <= 6);
    assert.ok(['adam', 'sgd'].includes(s.opt as string));
  }
  // Log sampling spreads over the decades instead of crowding the top one.
  assert.ok(a.filter((s) => (s.lr as number) < 0.001).length >= 5);
  assert.deepEqual(new Set(a.map((s) => s.depth)), new Set([2, 3, 4, 5, 6]));
});

test('sweep errors say what to add', () => {
  assert.throws(() => expandSweep({ command: 'x' }), /no "sweep"/);
  assert.throws(() => expandSweep({ command: 'x', sweep: { lr: { min: 0, max: 1 } } }), /need "samples"/);
  assert.throws(() => expandSweep({ command: 'x', sweep: { samples: 2, lr: { min: 0, max: 1, log: true } } }), /log range needs min and max above 0/);
});

test('params: overrides keep numbers and booleans, substitution quotes for the shell', () => {
  assert.deepEqual(parseParamOverrides(['lr=0.01', 'epochs=5', 'fast=true', 'name=big model', 'e=1e-5']), { lr: 0.01, epochs: 5, fast: true, name: 'big model', e: 1e-5 });
  assert.throws(() => parseParamOverrides(['lr']), /NAME=VALUE/);
  assert.equal(substituteParams('python3 t.py --lr ${params.lr} --name ${params.name}', { lr: 0.01, name: "it's big" }), `python3 t.py --lr 0.01 --name 'it'\\''s big'`);
  assert.throws(() => substituteParams('x ${params.nope}', { lr: 1 }), /no param "nope" is set \(params: lr\)/);
});

test('run ids sort by creation time and encode it', () => {
  const t = Date.UTC(2026, 10, 27, 12);
  const ids = [newRunId(t), newRunId(t + 1), newRunId(t + 1000), newRunId(t + 86_400_000)];
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(runIdTime(ids[2]), t + 1000);
  assert.match(ids[0], /^[0-9a-hjkmnp-tv-z]{26}$/);
});

test('a run reference is an id, an unambiguous prefix or a unique name', () => {
  const store = Store.open(tempWorkspace());
  const add = (id: string, name: string) => insertRun(store, { id, name, experiment: 'e', status: 'finished', command: 'x', cwd: '.', params: {}, createdAt: 1 });
  add('01aaaa0000', 'alpha');
  add('01aaab0000', 'beta');
  add('01bbbb0000', 'twin');
  add('01bbbc0000', 'twin');
  assert.equal(resolveRunRef(store, '01aaaa0000'), '01aaaa0000');
  assert.equal(resolveRunRef(store, '01aaab'), '01aaab0000');
  assert.equal(resolveRunRef(store, 'alpha'), '01aaaa0000');
  assert.throws(() => resolveRunRef(store, '01aa'), /start of several run ids/);
  assert.throws(() => resolveRunRef(store, 'twin'), /names 2 runs/);
  assert.throws(() => resolveRunRef(store, '01a%'), /No run "01a%"/);
  assert.throws(() => resolveRunRef(store, 'zzz'), /No run "zzz"/);
  store.close();
});
