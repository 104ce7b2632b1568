// promoteStageModel over a real store: the version a stage's run registered moves the alias only
// when the gate passes; every refusal leaves the alias where it was and says why.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { promoteStageModel } from '../../../src/core/pipelines/promote';
import { aliasHistory, aliasVersion } from '../../../src/core/registry/aliases';
import { listGateResults } from '../../../src/core/registry/gateRecords';
import { gateWorkspace } from '../registry/gateFixture';

const models = { churn: { metric: 'auc', gate: { auc: { threshold: 0.7, minAbsoluteChange: 0.05 } } } };
const stage = { model: 'churn', alias: 'champion', pipeline: 'churn', stage: 'train' };

test('the first version takes an unset alias when the thresholds pass; a better one moves it; both moves record their gate and reason', async () => {
  const w = gateWorkspace(models);
  w.version('churn', 1, w.run('01first00000000000000000000', { auc: 0.75 }), { auc: 0.75 });
  const first = await promoteStageModel(w.store, w.root, w.config, { ...stage, runId: '01first00000000000000000000' });
  assert.deepEqual([first.moved, first.version], [true, 1], first.summary);
  assert.match(first.summary, /^churn@champion: unset -> churn@1 \(gate passed, result \d+\)\.$/);

  w.version('churn', 2, w.run('01second0000000000000000000', { auc: 0.85 }), { auc: 0.85 });
  const second = await promoteStageModel(w.store, w.root, w.config, { ...stage, runId: '01second0000000000000000000' });
  assert.equal(second.moved, true, second.summary);
  assert.equal(aliasVersion(w.store, 'churn', 'champion'), 2);
  const [move] = aliasHistory(w.store, 'churn', 'champion');
  assert.deepEqual([move.reason, move.oldVersion, move.newVersion, move.gate?.passed, move.gate?.against.version], ['pipeline churn stage train: gate passed', 1, 2, true, 1]);
});

test('a failing gate, an unset alias below the threshold, a model without a gate, a run that registered nothing: moved false, the alias stays', async () => {
  const w = gateWorkspace({ ...models, plain: { metric: 'auc' } });
  w.version('churn', 1, w.run('01low0000000000000000000000', { auc: 0.6 }), { auc: 0.6 });
  const low = await promoteStageModel(w.store, w.root, w.config, { ...stage, runId: '01low0000000000000000000000' });
  assert.deepEqual([low.moved, low.version], [false, 1]);
  assert.match(low.summary, /^FAIL: churn@1 against champion \(not set\): auc failed \(gate result \d+\); churn@champion did not move, churn@1 stays registered\.$/);
  assert.equal(aliasVersion(w.store, 'churn', 'champion'), null);
  assert.equal(listGateResults(w.store, 'churn')[0].passed, false, 'the refused gate is stored');

  w.alias('churn', 'champion', 1);
  w.version('churn', 2, w.run('01small0000000000000000000', { auc: 0.62 }), { auc: 0.62 });
  const small = await promoteStageModel(w.store, w.root, w.config, { ...stage, runId: '01small0000000000000000000' });
  assert.equal(small.moved, false);
  assert.match(small.summary, /^FAIL: churn@2 against churn@1 \(champion\): auc failed/);
  assert.equal(aliasVersion(w.store, 'churn', 'champion'), 1);

  w.version('plain', 1, w.run('01plain0000000000000000000', { auc: 0.9 }), { auc: 0.9 });
  const ungated = await promoteStageModel(w.store, w.root, w.config, { ...stage, model: 'plain', runId: '01plain0000000000000000000' });
  assert.equal(ungated.moved, false);
  assert.match(ungated.summary, /^plain@champion did not move to plain@1: Model "plain" has no gate in mlops\.json/);

  w.run('01nothing000000000000000000', { auc: 0.9 });
  const nothing = await promoteStageModel(w.store, w.root, w.config, { ...stage, runId: '01nothing000000000000000000' });
  assert.deepEqual([nothing.moved, nothing.version], [false, undefined]);
  assert.match(nothing.summary, /Stage train of pipeline churn registered no version of churn \(run 01nothing0+\)/);
});

test("metrics the run gained after the version was registered (the stage's metrics file) are copied to it before the gate reads them", async () => {
  const w = gateWorkspace(models);
  // Registered as the run ended, with no metric yet; the metrics file is logged to the run after.
  w.version('churn', 1, w.run('01late00000000000000000000', { auc: 0.8 }), {});
  const r = await promoteStageModel(w.store, w.root, w.config, { ...stage, runId: '01late00000000000000000000' });
  assert.equal(r.moved, true, r.summary);
  assert.equal(w.store.db.prepare('SELECT metrics_json AS m FROM model_versions WHERE version = 1').get<{ m: string }>()!.m, '{"auc":0.8}');
});
