// MLflow's MetricThreshold semantics with worked numbers, one metric at a time.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { gateDirection, judgeMetric } from '../../../src/core/registry/gateRules';

const champion = (value: number) => ({ label: 'churn@1 (champion)', value });
const judge = (rule: Parameters<typeof judgeMetric>[1], candidate: number, baseline?: number, direction: 'maximize' | 'minimize' = 'maximize') =>
  judgeMetric('auc', rule, direction, candidate, baseline === undefined ? undefined : champion(baseline), 'no champion yet');

test('0.85 against 0.80 meets a 0.05 absolute and a 5% relative change exactly (decimal, not binary floating point)', () => {
  const r = judge({ threshold: 0.8, minAbsoluteChange: 0.05, minRelativeChange: 0.05 }, 0.85, 0.8);
  assert.equal(0.85 - 0.8 >= 0.05, false, 'binary floating point alone would fail it');
  assert.deepEqual(r, {
    metric: 'auc',
    direction: 'maximize',
    candidate: 0.85,
    baseline: 0.8,
    threshold: 0.8,
    minAbsoluteChange: 0.05,
    minRelativeChange: 0.05,
    passed: true,
    reasons: [],
  });
});

test('each rule fails alone, with its numbers in the reason', () => {
  const threshold = judge({ threshold: 0.9, minAbsoluteChange: 0.01, minRelativeChange: 0.01 }, 0.85, 0.8);
  assert.equal(threshold.passed, false);
  assert.deepEqual(threshold.reasons, ['0.85 is below the threshold 0.9 (higher is better)']);

  const absolute = judge({ threshold: 0.8, minAbsoluteChange: 0.06, minRelativeChange: 0.05 }, 0.85, 0.8);
  assert.equal(absolute.passed, false);
  assert.deepEqual(absolute.reasons, ['0.85 against 0.8 for churn@1 (champion), an improvement of 0.05: less than the minimum absolute change 0.06']);

  // 10% of 0.8 is 0.08; the candidate gained 0.05.
  const relative = judge({ threshold: 0.8, minAbsoluteChange: 0.01, minRelativeChange: 0.1 }, 0.85, 0.8);
  assert.equal(relative.passed, false);
  assert.deepEqual(relative.reasons, ['0.85 against 0.8 for churn@1 (champion), an improvement of 0.05: less than the minimum relative change 10% of 0.8 (0.08)']);
});

test('the threshold is inclusive; a worse candidate fails a zero minimum change', () => {
  assert.equal(judge({ threshold: 0.8 }, 0.8).passed, true);
  assert.equal(judge({ minAbsoluteChange: 0 }, 0.8, 0.8).passed, true);
  const worse = judge({ minAbsoluteChange: 0 }, 0.79, 0.8);
  assert.equal(worse.passed, false);
  assert.match(worse.reasons[0], /an improvement of -0\.01: less than the minimum absolute change 0$/);
});

test('minimize: at most the threshold, improvement is the decrease', () => {
  const rule = { threshold: 0.3, minAbsoluteChange: 0.02, minRelativeChange: 0.05 };
  // 0.30 -> 0.28: 0.02 lower, and 5% of 0.30 is 0.015.
  assert.deepEqual(judge(rule, 0.28, 0.3, 'minimize').reasons, []);
  const small = judge(rule, 0.29, 0.3, 'minimize');
  assert.deepEqual(small.reasons, [
    '0.29 against 0.3 for churn@1 (champion), an improvement of 0.01: less than the minimum absolute change 0.02',
    '0.29 against 0.3 for churn@1 (champion), an improvement of 0.01: less than the minimum relative change 5% of 0.3 (0.015)',
  ]);
  const above = judge(rule, 0.31, 0.3, 'minimize');
  assert.equal(above.passed, false);
  assert.equal(above.reasons[0], '0.31 is above the threshold 0.3 (lower is better)');
  assert.match(above.reasons[1], /an improvement of -0\.01/);
});

test('the relative change is a fraction of |baseline|, so a negative baseline still asks for an improvement', () => {
  // 10% of |-2| is 0.2: -1.8 is exactly enough, -1.81 is not.
  assert.equal(judge({ minRelativeChange: 0.1 }, -1.8, -2).passed, true);
  const short = judge({ minRelativeChange: 0.1 }, -1.81, -2);
  assert.equal(short.passed, false);
  assert.match(short.reasons[0], /improvement of 0\.19: less than the minimum relative change 10% of 2 \(0\.2\)/);
});

test('no baseline: the change rules pass with a note; the threshold still applies', () => {
  const r = judge({ threshold: 0.8, minAbsoluteChange: 0.05 }, 0.82);
  assert.equal(r.passed, true);
  assert.equal(r.baseline, null);
  assert.deepEqual(r.reasons, ['no champion yet: the change rules pass']);
  const low = judge({ threshold: 0.8, minAbsoluteChange: 0.05 }, 0.7);
  assert.equal(low.passed, false);
  assert.deepEqual(low.reasons, ['0.7 is below the threshold 0.8 (higher is better)', 'no champion yet: the change rules pass']);
});

test('NaN fails: in the candidate always, in the baseline whenever a change is measured', () => {
  const nanCandidate = judge({}, NaN, 0.8);
  assert.equal(nanCandidate.passed, false, 'a metric without rules still needs a number');
  assert.ok(Number.isNaN(nanCandidate.candidate), "NaN is kept: null would mean nothing to compare");
  assert.deepEqual(nanCandidate.reasons, ["the candidate's auc is NaN"]);
  assert.equal(judge({ threshold: 0.5 }, NaN).passed, false);

  const nanBaseline = judge({ minAbsoluteChange: 0.01 }, 0.9, NaN);
  assert.equal(nanBaseline.passed, false);
  assert.deepEqual(nanBaseline.reasons, ["churn@1 (champion)'s auc is NaN, so no change can be measured"]);
  assert.equal(judge({ threshold: 0.5 }, 0.9, NaN).passed, true, 'a threshold alone does not read the baseline');
});

test('infinite values compare as numbers; Infinity against Infinity measures no change', () => {
  assert.equal(judge({ threshold: 0.3 }, Infinity, undefined, 'minimize').passed, false);
  assert.equal(judge({ minAbsoluteChange: 1 }, 2, Infinity, 'minimize').passed, true);
  assert.equal(judge({ minAbsoluteChange: 0 }, Infinity, Infinity).passed, false);
});

test('direction: the metric own, else the model, else maximize', () => {
  assert.equal(gateDirection({ direction: 'maximize' }, 'minimize'), 'maximize');
  assert.equal(gateDirection({}, 'minimize'), 'minimize');
  assert.equal(gateDirection({}, undefined), 'maximize');
});
