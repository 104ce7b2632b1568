// Classification figures against scikit-learn on the same rows: binary (numbers and strings, tied
// scores, one class, perfect and all wrong, scores of exactly 0 and 1, nulls) and multiclass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationMetrics } from '../../../src/core/performance/classificationMetrics';
import { type LabelColumn } from '../../../src/core/performance/labels';
import { assertClose, expected } from './fixture';

for (const c of expected.classification) {
  test(`classification equals scikit-learn: ${c.name}`, () => {
    const score = c.score === undefined ? undefined : Float64Array.from(c.score);
    const m = classificationMetrics(c.target as LabelColumn, c.prediction as LabelColumn, { score, positiveLabel: c.positiveLabel });
    assert.equal(m.excludedRows, c.excludedRows);
    assert.equal(m.rows, c.target.length - c.excludedRows);
    assert.deepEqual(m.labels, c.labels);
    assert.deepEqual(m.confusionMatrix, c.confusionMatrix);
    assert.equal(m.kind, c.labels.length <= 2 ? 'binary' : 'multiclass');
    assert.equal(m.average, c.labels.length <= 2 ? 'binary' : 'macro');
    assertClose(m.accuracy, c.accuracy, 'accuracy');
    assertClose(m.precision, c.precision, 'precision');
    assertClose(m.recall, c.recall, 'recall');
    assertClose(m.f1, c.f1, 'f1');
    if (c.rocAuc === undefined) {
      assert.equal(m.rocAuc, null);
      assert.equal(m.logLoss, null);
    } else {
      assertClose(m.rocAuc!.value, c.rocAuc, 'ROC AUC');
      assert.equal(m.rocAuc!.reason !== undefined, c.rocAuc === 'nan', 'a NaN comes with its reason');
      assertClose(m.logLoss!.value, c.logLoss!, 'log loss');
    }
  });
}

test('default positive labels: 1 for numbers, the later string; a positive label that is not there is refused', () => {
  assert.equal(classificationMetrics([0, 1, 1], [1, 1, 0]).positiveLabel, 1);
  assert.equal(classificationMetrics(['no', 'yes'], ['yes', 'yes']).positiveLabel, 'yes');
  assert.throws(() => classificationMetrics([2, 3], [2, 3]), /positiveLabel/);
  assert.throws(() => classificationMetrics(['a', 'b'], ['a', 'b'], { positiveLabel: 'c' }), /positiveLabel "c" is not one of the labels/);
  assert.throws(() => classificationMetrics(['a', 'b'], ['a', 'b'], { positiveLabel: 1 }), /positiveLabel 1 is a number but the labels are strings/);
});

test('bad input is refused with the field, row and fix', () => {
  assert.throws(() => classificationMetrics([0, 1], [0]), /target has 2 rows but prediction has 1/);
  assert.throws(() => classificationMetrics([0, 1], [0, 1], { score: Float64Array.from([0.2, 1.3]) }), /score row 2 is 1.3: .*between 0 and 1/);
  assert.throws(() => classificationMetrics([null, 1], [0, null]), /no row has both a target and a prediction/);
  assert.throws(() => classificationMetrics(['a', 'b'] as LabelColumn, [1, 0]), /prediction row 1 holds the number 1 among string labels/);
});

test('rows with a missing score are left out of ROC AUC and log loss and counted', () => {
  const all = classificationMetrics([0, 1, 0, 1, 1], [0, 1, 1, 1, 0], { score: Float64Array.from([0.1, 0.9, 0.6, 0.7, 0.4]) });
  const some = classificationMetrics([0, 1, 0, 1, 1, 0], [0, 1, 1, 1, 0, 0], { score: Float64Array.from([0.1, 0.9, 0.6, 0.7, 0.4, Number.NaN]) });
  assert.equal(some.excludedScoreRows, 1);
  assert.equal(some.rocAuc!.value, all.rocAuc!.value);
  assert.equal(some.logLoss!.value, all.logLoss!.value);
  assert.equal(some.rows, 6);
});

test('a multiclass batch has no ROC AUC or log loss from a one-column score', () => {
  const m = classificationMetrics(['a', 'b', 'c'], ['a', 'c', 'c'], { score: Float64Array.from([0.2, 0.5, 0.9]) });
  assert.equal(m.kind, 'multiclass');
  assert.equal(m.positiveLabel, null);
  assert.equal(m.rocAuc, null);
  assert.equal(m.logLoss, null);
});
