// evaluateGate over a real store: candidates named every way, the compared alias, missing metrics,
// and the evaluation data check.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { evaluateGate } from '../../../src/core/registry/gate';
import { RegistryError } from '../../../src/core/registry/types';
import { recordInputs } from '../../../src/core/tracking/inputs';
import { gateWorkspace } from './gateFixture';

const churnGate = { metric: 'auc', gate: { auc: { threshold: 0.8, minAbsoluteChange: 0.05 }, loss: { minRelativeChange: 0.1 } }, direction: 'maximize' as const };
// loss is minimized by its own direction in these tests.
const models = { churn: { ...churnGate, gate: { auc: churnGate.gate.auc, loss: { minRelativeChange: 0.1, direction: 'minimize' as const } } } };

function registry() {
  const w = gateWorkspace(models);
  w.run('01champion0000000000000000', { auc: 0.8, loss: 0.5 });
  w.version('churn', 1, '01champion0000000000000000', { auc: 0.8, loss: 0.5 });
  w.alias('churn', 'champion', 1);
  return w;
}

test('a run that beats the champion on every rule passes; the last value of a series counts', () => {
  const w = registry();
  // auc peaked at 0.9 but ended at 0.85; loss 0.5 -> 0.45 is exactly 10% lower.
  const runId = w.run('01candidate000000000000000', { auc: [0.9, 0.85], loss: [0.6, 0.45] });
  const r = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01candidate' });
  assert.equal(r.passed, true, JSON.stringify(r.metrics));
  assert.equal(r.candidate, runId);
  assert.equal(r.candidateRunId, runId);
  assert.deepEqual(r.against, { alias: 'champion', version: 1, runId: '01champion0000000000000000' });
  assert.deepEqual(r.metrics.map((m) => [m.metric, m.direction, m.candidate, m.baseline, m.passed]), [
    ['auc', 'maximize', 0.85, 0.8, true],
    ['loss', 'minimize', 0.45, 0.5, true],
  ]);
  assert.deepEqual(r.evaluationData, []);
  assert.equal(r.allowedDifferentData, false);
  assert.equal(typeof r.actor, 'string');
  assert.ok(r.actor.length > 0);
  assert.equal(r.id, undefined, 'evaluating stores nothing');
  assert.equal(w.store.db.prepare('SELECT COUNT(*) AS n FROM gate_results').get<{ n: number }>()!.n, 0);
});

test('a failing rule fails the gate and names itself; the other metric still passes', () => {
  const w = registry();
  w.run('01small0000000000000000000', { auc: 0.83, loss: 0.4 });
  const r = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01small0000000000000000000' });
  assert.equal(r.passed, false);
  const [auc, loss] = r.metrics;
  assert.equal(auc.passed, false);
  assert.match(auc.reasons.join('\n'), /improvement of 0\.03: less than the minimum absolute change 0\.05/);
  assert.equal(loss.passed, true);
});

test('candidates as a version number and as a model reference read the version copied metrics', () => {
  const w = registry();
  w.run('01v2run0000000000000000000', { auc: 0.1, loss: 9 }); // the run's metrics are not what v2 copied
  w.version('churn', 2, '01v2run0000000000000000000', { auc: 0.86, loss: 0.44 });
  for (const candidate of ['2', 'churn@2', 'churn@latest']) {
    const r = evaluateGate(w.store, w.config, { model: 'churn', candidate });
    assert.equal(r.candidate, 'churn@2', candidate);
    assert.equal(r.candidateRunId, '01v2run0000000000000000000');
    assert.equal(r.passed, true, candidate);
    assert.equal(r.metrics[0].candidate, 0.86);
  }
  assert.throws(() => evaluateGate(w.store, w.config, { model: 'churn', candidate: 'fraud@2' }), /fraud@2 is a version of fraud, not of churn/);
  assert.throws(() => evaluateGate(w.store, w.config, { model: 'churn', candidate: '7' }), (e: unknown) => e instanceof RegistryError && /churn@7 does not exist/.test(e.message));
  assert.throws(() => evaluateGate(w.store, w.config, { model: 'churn', candidate: 'zzzz-nothing' }), (e: unknown) => e instanceof RegistryError && /No run "zzzz-nothing".*version number or a model reference/.test(e.message));
});

test('a run still running is refused: its metrics are not final', () => {
  const w = registry();
  w.run('01running00000000000000000', { auc: 0.9, loss: 0.1 }, 'running');
  assert.throws(
    () => evaluateGate(w.store, w.config, { model: 'churn', candidate: '01running' }),
    (e: unknown) => e instanceof RegistryError && /Run 01running00000000000000000 is still running: gate it once it has finished/.test(e.message),
  );
});

test('--against another alias; an alias not set yet passes the change rules with a note, the threshold still applies', () => {
  const w = registry();
  w.run('01staging00000000000000000', { auc: 0.9, loss: 0.3 });
  w.version('churn', 2, '01staging00000000000000000', { auc: 0.9, loss: 0.3 });
  w.alias('churn', 'staging', 2);
  w.run('01cand00000000000000000000', { auc: 0.86, loss: 0.44 });
  const vsStaging = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01cand00000000000000000000', against: 'staging' });
  assert.deepEqual(vsStaging.against, { alias: 'staging', version: 2, runId: '01staging00000000000000000' });
  assert.equal(vsStaging.passed, false);

  const first = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01cand00000000000000000000', against: 'production' });
  assert.deepEqual(first.against, { alias: 'production', version: null, runId: null });
  assert.equal(first.passed, true);
  assert.deepEqual(first.metrics[0].reasons, ['no production yet: the change rules pass']);

  w.run('01low000000000000000000000', { auc: 0.7, loss: 0.44 });
  const low = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01low000000000000000000000', against: 'production' });
  assert.equal(low.passed, false);
  assert.match(low.metrics[0].reasons[0], /0\.7 is below the threshold 0\.8/);
  assert.throws(() => evaluateGate(w.store, w.config, { model: 'churn', candidate: '2', against: 'no good' }), /"no good" is not an alias/);
});

test('a model with no version registered yet gates a run against nothing', () => {
  const w = gateWorkspace(models);
  w.run('01fresh0000000000000000000', { auc: 0.81, loss: 1 });
  const r = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01fresh' });
  assert.equal(r.passed, true);
  assert.equal(r.against.version, null);
});

test('NaN fails: the candidate last value, or the compared version copied one', () => {
  const w = registry();
  w.run('01nan00000000000000000000', { auc: [0.9, NaN], loss: 0.4 });
  const r = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01nan00000000000000000000' });
  assert.equal(r.passed, false);
  assert.ok(Number.isNaN(r.metrics[0].candidate));
  assert.deepEqual(r.metrics[0].reasons, ["the candidate's auc is NaN"]);

  w.version('churn', 2, null, { auc: 0.85, loss: null });
  w.alias('churn', 'champion', 2);
  w.run('01good0000000000000000000', { auc: 0.95, loss: 0.1 });
  const vsNan = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01good0000000000000000000' });
  assert.equal(vsNan.passed, false);
  assert.deepEqual(vsNan.metrics[1].reasons, ["churn@2 (champion)'s loss is NaN, so no change can be measured"]);
});

test('a gate metric missing on either side is bad input naming the metric and the run, not a pass', () => {
  const w = registry();
  w.run('01noloss000000000000000000', { auc: 0.9 });
  assert.throws(
    () => evaluateGate(w.store, w.config, { model: 'churn', candidate: '01noloss000000000000000000' }),
    (e: unknown) => e instanceof RegistryError && /The candidate, run 01noloss000000000000000000, has no metric "loss" that the gate checks \(its metrics: auc\)/.test(e.message),
  );
  w.version('churn', 2, '01champion0000000000000000', { auc: 0.8 });
  w.alias('churn', 'champion', 2);
  w.run('01full000000000000000000000', { auc: 0.9, loss: 0.1 });
  assert.throws(
    () => evaluateGate(w.store, w.config, { model: 'churn', candidate: '01full000000000000000000000' }),
    (e: unknown) => e instanceof RegistryError && /The baseline, churn@2 \(champion, run 01champion0000000000000000\), has no metric "loss"/.test(e.message),
  );
});

test('a model without a gate, or not in mlops.json, says how to declare one', () => {
  const w = gateWorkspace({ churn: { metric: 'auc' } });
  w.run('01run00000000000000000000', { auc: 0.9 });
  assert.throws(
    () => evaluateGate(w.store, w.config, { model: 'churn', candidate: '01run' }),
    (e: unknown) => e instanceof RegistryError && /Model "churn" has no gate in mlops\.json: .*models\.churn\.gate, e\.g\. "gate": \{ "auc": \{ "threshold"/.test(e.message),
  );
  assert.throws(() => evaluateGate(w.store, w.config, { model: 'fraud', candidate: '01run' }), /No model "fraud" under "models" in mlops\.json \(models: churn\)\. Declare it with a gate/);
});

test('evaluation data: the same version passes the check; different versions are refused unless allowed, then recorded', async () => {
  const w = gateWorkspace({ churn: { ...models.churn, evaluationData: ['holdout'] } }, { holdout: 'data/holdout.csv' });
  w.run('01champion0000000000000000', { auc: 0.8, loss: 0.5 });
  await w.reads('01champion0000000000000000', 'holdout', 'x,y\n1,0\n');
  w.version('churn', 1, '01champion0000000000000000', { auc: 0.8, loss: 0.5 });
  w.alias('churn', 'champion', 1);

  w.run('01same00000000000000000000', { auc: 0.9, loss: 0.4 });
  await w.reads('01same00000000000000000000', 'holdout', 'x,y\n1,0\n');
  const same = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01same' });
  assert.deepEqual(same.evaluationData, [{ dataset: 'holdout', candidate: 1, baseline: 1, same: true }]);
  assert.equal(same.allowedDifferentData, false);

  w.run('01newdata0000000000000000', { auc: 0.9, loss: 0.4 });
  await w.reads('01newdata0000000000000000', 'holdout', 'x,y\n1,0\n2,1\n');
  assert.throws(
    () => evaluateGate(w.store, w.config, { model: 'churn', candidate: '01newdata' }),
    (e: unknown) =>
      e instanceof RegistryError &&
      /different evaluation data: run 01newdata0000000000000000 read holdout@2, churn@1 \(champion, run 01champion0000000000000000\) read holdout@1\./.test(e.message) &&
      /--allow-different-data/.test(e.message),
  );
  const allowed = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01newdata', allowDifferentData: true });
  assert.deepEqual(allowed.evaluationData, [{ dataset: 'holdout', candidate: 2, baseline: 1, same: false }]);
  assert.equal(allowed.allowedDifferentData, true);
  assert.equal(allowed.passed, true);

  // The first content again: a new version number, the same bytes, so the same evaluation data.
  w.run('01restored000000000000000', { auc: 0.9, loss: 0.4 });
  await w.reads('01restored000000000000000', 'holdout', 'x,y\n1,0\n');
  const restored = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01restored' });
  assert.deepEqual(restored.evaluationData, [{ dataset: 'holdout', candidate: 3, baseline: 1, same: true }]);
  assert.equal(restored.allowedDifferentData, false);

  // A compared version whose run was deleted cannot say what it read.
  w.version('churn', 2, null, { auc: 0.8, loss: 0.5 });
  w.alias('churn', 'staging', 2);
  assert.throws(
    () => evaluateGate(w.store, w.config, { model: 'churn', candidate: '01same', against: 'staging' }),
    /run 01same00000000000000000000 read holdout@1, churn@2 \(staging\) has no run left to say what it read/,
  );

  w.run('01nodata00000000000000000', { auc: 0.9, loss: 0.4 });
  assert.throws(() => evaluateGate(w.store, w.config, { model: 'churn', candidate: '01nodata' }), /run 01nodata00000000000000000 read no version of holdout, .*read holdout@1/);
});

test('evaluation data naming an undeclared dataset is bad input', () => {
  const w = gateWorkspace({ churn: { ...models.churn, evaluationData: ['holdout'] } });
  w.run('01run00000000000000000000', { auc: 0.9, loss: 0.4 });
  assert.throws(() => evaluateGate(w.store, w.config, { model: 'churn', candidate: '01run' }), /models\.churn\.evaluationData names "holdout", which is not under "datasets"/);
});

test('evaluation data of several files (a glob dataset) is compared file by file, each named NAME:ITEM', async () => {
  const w = gateWorkspace({ churn: { ...models.churn, evaluationData: ['evalset'] } }, { evalset: 'data/eval/*.csv' });
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.join(w.root, 'data/eval'), { recursive: true });
    fs.writeFileSync(path.join(w.root, 'data/eval', file), text);
  };
  write('a.csv', 'x\n1\n');
  write('b.csv', 'x\n2\n');
  w.run('01champion0000000000000000', { auc: 0.8, loss: 0.5 });
  await recordInputs(w.store, w.root, w.config, '01champion0000000000000000', ['evalset']);
  w.version('churn', 1, '01champion0000000000000000', { auc: 0.8, loss: 0.5 });
  w.alias('churn', 'champion', 1);
  write('b.csv', 'x\n3\n');
  w.run('01cand00000000000000000000', { auc: 0.9, loss: 0.4 });
  await recordInputs(w.store, w.root, w.config, '01cand00000000000000000000', ['evalset']);
  assert.throws(() => evaluateGate(w.store, w.config, { model: 'churn', candidate: '01cand' }), /run 01cand00000000000000000000 read evalset:data\/eval\/b\.csv@2, churn@1 \(champion, run 01champion0000000000000000\) read evalset:data\/eval\/b\.csv@1\./);
  const allowed = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01cand', allowDifferentData: true });
  assert.deepEqual(allowed.evaluationData, [
    { dataset: 'evalset:data/eval/a.csv', candidate: 1, baseline: 1, same: true },
    { dataset: 'evalset:data/eval/b.csv', candidate: 2, baseline: 1, same: false },
  ]);
});
