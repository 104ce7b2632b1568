// Regression figures against scikit-learn on the same rows, with zero targets (MAPE's epsilon),
// perfect predictions, a constant target, a single row and nulls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regressionMetrics } from '../../../src/core/performance/regressionMetrics';
import { assertClose, expected } from './fixture';

for (const c of expected.regression) {
  test(`regression equals scikit-learn: ${c.name}`, () => {
    const m = regressionMetrics(c.target, c.prediction);
    assert.equal(m.excludedRows, c.excludedRows);
    assertClose(m.mae, c.mae, 'MAE');
    assertClose(m.rmse, c.rmse, 'RMSE');
    assertClose(m.r2.value, c.r2, 'R2');
    assert.equal(m.r2.reason !== undefined, c.r2 === 'nan', 'a NaN comes with its reason');
    assertClose(m.mape, c.mape, 'MAPE');
  });
}

test('NaN in a Float64Array is a missing value; infinities are refused by row', () => {
  const m = regressionMetrics(Float64Array.from([1, Number.NaN, 3]), Float64Array.from([1, 2, 4]));
  assert.equal(m.excludedRows, 1);
  assert.equal(m.mae, 0.5);
  assert.throws(() => regressionMetrics([1, Infinity], [1, 2]), /target row 2 is Infinity/);
});
