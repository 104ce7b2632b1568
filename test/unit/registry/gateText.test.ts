// How a gate result reads: rules, change, evaluation data and verdict lines.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { gateChangeText, gateEvaluationDataText, gateRulesText, gateValueText, gateVerdictText } from '../../../src/core/registry/gateText';
import type { GateMetricResult, GateResult } from '../../../src/core/registry/types';

const metric = (m: Partial<GateMetricResult>): GateMetricResult => ({ metric: 'auc', direction: 'maximize', candidate: 0.85, baseline: 0.8, passed: true, reasons: [], ...m });
const result = (r: Partial<GateResult>): GateResult => ({
  model: 'churn',
  candidate: 'churn@4',
  candidateRunId: 'r4',
  against: { alias: 'champion', version: 3, runId: 'r3' },
  evaluationData: [],
  allowedDifferentData: false,
  metrics: [metric({})],
  passed: true,
  at: 0,
  actor: 'Ada <ada@example.com>',
  ...r,
});

test('rules: the direction picks the signs; a metric without rules says so', () => {
  assert.equal(gateRulesText(metric({ threshold: 0.8, minAbsoluteChange: 0.05, minRelativeChange: 0.015 })), '>= 0.8, +0.05, +1.5%');
  assert.equal(gateRulesText(metric({ direction: 'minimize', threshold: 0.3, minRelativeChange: 0.1 })), '<= 0.3, -10%');
  assert.equal(gateRulesText(metric({})), '(none)');
});

test('change: exact decimal difference and its share of |baseline|; nothing without a baseline value', () => {
  assert.equal(gateChangeText(metric({})), '+0.05 (+6.25%)');
  assert.equal(gateChangeText(metric({ candidate: 0.45, baseline: 0.5 })), '-0.05 (-10%)');
  assert.equal(gateChangeText(metric({ candidate: -1.8, baseline: -2 })), '+0.2 (+10%)');
  assert.equal(gateChangeText(metric({ candidate: 1, baseline: 0 })), '+1');
  assert.equal(gateChangeText(metric({ candidate: 0.8299809523809524, baseline: 0.8282095238095238 })), '+0.00177143 (+0.21%)');
  assert.equal(gateChangeText(metric({ baseline: null })), '');
  assert.equal(gateChangeText(metric({ candidate: null })), '');
});

test('values: 6 significant digits in tables, NaN for null', () => {
  assert.equal(gateValueText(0.8299809523809524), '0.829981');
  assert.equal(gateValueText(1234567), '1234570');
  assert.equal(gateValueText(-Infinity), '-Infinity');
  assert.equal(gateValueText(null), 'NaN');
});

test('evaluation data: not checked, the same, the same content at another number, allowed to differ, nothing to compare', () => {
  assert.equal(gateEvaluationDataText(result({})), 'Evaluation data: not checked (list the datasets the metrics are computed on in models.churn.evaluationData).');
  assert.equal(gateEvaluationDataText(result({ evaluationData: [{ dataset: 'holdout', candidate: 2, baseline: 2, same: true }] })), 'Evaluation data: holdout@2 on both sides.');
  assert.equal(
    gateEvaluationDataText(result({ evaluationData: [{ dataset: 'holdout', candidate: 3, baseline: 1, same: true }] })),
    'Evaluation data: holdout@3 for the candidate, holdout@1 for churn@3 (the same content).',
  );
  assert.equal(
    gateEvaluationDataText(result({ evaluationData: [{ dataset: 'holdout', candidate: 2, baseline: 1, same: false }], allowedDifferentData: true })),
    'Evaluation data: holdout@2 for the candidate, holdout@1 for churn@3 (different, allowed with --allow-different-data).',
  );
  assert.equal(
    gateEvaluationDataText(result({ against: { alias: 'champion', version: null, runId: null }, evaluationData: [{ dataset: 'holdout', candidate: 1, baseline: null, same: true }] })),
    'Evaluation data: holdout@1 (nothing to compare).',
  );
});

test('verdict: a run or a version against the alias, with the failed metrics', () => {
  assert.equal(gateVerdictText(result({})), 'PASS: churn@4 against churn@3 (champion)');
  assert.equal(
    gateVerdictText(result({ candidate: 'r9', passed: false, metrics: [metric({ passed: false }), metric({ metric: 'loss' })], against: { alias: 'staging', version: null, runId: null } })),
    'FAIL: run r9 against staging (not set): auc failed',
  );
});
