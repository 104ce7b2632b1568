// Isotonic calibration against scikit-learn's IsotonicRegression(out_of_bounds="clip", y_min=0,
// y_max=1): the same thresholds, and the same predictions on new scores (outside the fitted range,
// on thresholds, between them) within 1e-9.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitIsotonic, predictIsotonic } from '../../../src/core/performance/isotonicCalibration';
import { expected } from './fixture';

for (const c of expected.isotonic) {
  test(`isotonic calibration equals scikit-learn: ${c.name}`, () => {
    const fit = fitIsotonic(Float64Array.from(c.x), Float64Array.from(c.y));
    assert.deepEqual([...fit.xThresholds], c.xThresholds);
    assert.equal(fit.yThresholds.length, c.yThresholds.length);
    fit.yThresholds.forEach((y, i) => assert.ok(Math.abs(y - c.yThresholds[i]) <= 1e-9, `threshold ${i}: ${y} vs ${c.yThresholds[i]}`));
    const predicted = predictIsotonic(fit, Float64Array.from(c.new));
    predicted.forEach((p, i) => assert.ok(Math.abs(p - c.predicted[i]) <= 1e-9, `score ${c.new[i]}: ${p} vs scikit-learn ${c.predicted[i]}`));
  });
}

test('the fit is monotone on scores in any order, and a NaN score predicts NaN', () => {
  const fit = fitIsotonic(Float64Array.from([0.9, 0.1, 0.5, 0.3, 0.7]), Float64Array.from([1, 0, 1, 0, 0]));
  const out = predictIsotonic(fit, Float64Array.from([0, 0.2, 0.4, 0.6, 0.8, 1, Number.NaN]));
  for (let i = 1; i < 6; i++) assert.ok(out[i] >= out[i - 1]);
  assert.ok(Number.isNaN(out[6]));
  assert.throws(() => fitIsotonic(Float64Array.from([0.1, Number.NaN]), Float64Array.from([0, 1])), /score 2 is NaN/);
});
