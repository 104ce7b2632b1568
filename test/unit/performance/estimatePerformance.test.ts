// Confidence-based estimation, tested on data whose truth is known: a seeded generator draws each
// label from a probability that is a miscalibrated function of the model's score (P(positive) =
// score^2, while the model predicts positive from score 0.5). Calibration must recover that, so the
// realised figures of labelled batches fall inside the estimated +-3 sigma bands about as often as
// +-3 sigma promises; a batch whose labels no longer follow the scores (concept drift) falls outside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryOutcomes } from '../../../src/core/performance/binaryOutcomes';
import { classificationMetrics } from '../../../src/core/performance/classificationMetrics';
import {
  bandChunks,
  estimatePerformance,
  prepareEstimation,
  realisedVersusEstimated,
  type LabelledRows,
} from '../../../src/core/performance/estimatePerformance';
import { seededRandom } from '../../../src/core/seededRandom';
import { assertClose, expected } from './fixture';

/** n scored rows with labels drawn from truth(score) and the model's prediction score >= 0.5. */
function draw(seed: number, n: number, truth: (score: number) => number): LabelledRows & { target: number[]; prediction: number[] } {
  const random = seededRandom(seed);
  const score = new Float64Array(n);
  const target: number[] = [];
  const prediction: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = random();
    score[i] = s;
    target.push(random() < truth(s) ? 1 : 0);
    prediction.push(s >= 0.5 ? 1 : 0);
  }
  return { score, target, prediction };
}

const miscalibrated = (s: number) => s * s;
const reference = prepareEstimation(draw(1, 20_000, miscalibrated));

test('realised figures of 20 seeded batches fall inside the estimated bands as often as +-3 sigma predicts', () => {
  let misses = 0;
  let trials = 0;
  const errors: string[] = [];
  for (let seed = 100; seed < 120; seed++) {
    for (const row of realisedVersusEstimated(reference, draw(seed, 1000, miscalibrated))) {
      trials++;
      assert.ok(row.lower < row.estimated && row.estimated < row.upper, `${row.metric} has a band around its estimate`);
      if (row.outside) {
        misses++;
        errors.push(`seed ${seed} ${row.metric}: realised ${row.realised} outside [${row.lower}, ${row.upper}]`);
      }
    }
  }
  assert.equal(trials, 60);
  // +-3 sigma leaves 0.27% of a normal figure outside: 0.16 of 60 expected, 2 or more has odds near 1%.
  assert.ok(misses <= 1, `${misses} of ${trials} realised figures fell outside their bands:\n${errors.join('\n')}`);
});

test('the estimate is close to the truth, where the raw scores would mislead', () => {
  // Under P(positive) = s^2 with s uniform and positive predicted from 0.5, per row: E[TP] = 7/24,
  // E[FP] = 5/24, E[FN] = 1/24, E[TN] = 11/24, so accuracy 3/4 and F1 (14/24) / (20/24) = 0.7.
  // Reading the raw score as the chance would give F1 0.75 instead.
  const estimate = estimatePerformance(reference, { score: draw(7, 5000, miscalibrated).score });
  const figure = (m: string) => estimate.figures.find((f) => f.metric === m)!;
  assert.ok(Math.abs(figure('accuracy').estimated - 0.75) < 0.01, `estimated accuracy ${figure('accuracy').estimated}`);
  assert.ok(Math.abs(figure('f1').estimated - 0.7) < 0.01, `estimated F1 ${figure('f1').estimated}`);
  assert.ok(figure('accuracy').upper - figure('accuracy').lower < 0.08, 'the band is narrow at 5000 rows');
  for (const f of estimate.figures) assert.ok(Math.abs(f.estimated - f.referenceRealised) < 3 * f.sigma, `${f.metric} estimate ${f.estimated} vs reference ${f.referenceRealised}`);
});

test('concept drift: labels that no longer follow the scores fall outside the band', () => {
  const drifted = realisedVersusEstimated(reference, draw(200, 1000, () => 0.5));
  const byMetric = Object.fromEntries(drifted.map((r) => [r.metric, r]));
  assert.equal(byMetric.accuracy.outside, true, `accuracy ${byMetric.accuracy.realised} in [${byMetric.accuracy.lower}, ${byMetric.accuracy.upper}]`);
  assert.equal(byMetric.rocAuc.outside, true, `ROC AUC ${byMetric.rocAuc.realised} in [${byMetric.rocAuc.lower}, ${byMetric.rocAuc.upper}]`);
});

test('a reference whose scores were calibrated differently misses most batches: the band test can fail', () => {
  const otherTruth = prepareEstimation(draw(1, 20_000, (s) => s));
  let misses = 0;
  for (let seed = 100; seed < 120; seed++) misses += realisedVersusEstimated(otherTruth, draw(seed, 1000, miscalibrated)).filter((r) => r.outside).length;
  assert.ok(misses >= 20, `only ${misses} of 60 figures fell outside`);
});

test('chunks: batches of a fifth of the reference or less cut it in their size; bigger ones scale 5 chunks', () => {
  assert.deepEqual(bandChunks(20_000, 1000), { chunkSize: 1000, chunks: 20, scale: 1 });
  assert.deepEqual(bandChunks(1003, 200), { chunkSize: 200, chunks: 5, scale: 1 });
  assert.deepEqual(bandChunks(1000, 400), { chunkSize: 200, chunks: 5, scale: Math.sqrt(200 / 400) });
  const big = estimatePerformance(reference, { score: draw(9, 40_000, miscalibrated).score });
  assert.equal(big.chunks, 5);
  assert.equal(big.chunkSize, 4000);
  const small = estimatePerformance(reference, { score: draw(9, 4000, miscalibrated).score });
  // Ten times the rows, a third of the spread (sqrt 10 = 3.2): within the chunks' own sampling noise.
  const ratio = small.figures[0].sigma / big.figures[0].sigma;
  assert.ok(ratio > 2 && ratio < 5, `sigma ratio ${ratio}`);
});

for (const c of expected.estimation) {
  test(`estimate, sigma and reference figures equal the method rebuilt from scikit-learn: ${c.name}`, () => {
    const ref = prepareEstimation({ score: Float64Array.from(c.referenceScore), target: c.referenceTarget });
    const estimate = estimatePerformance(ref, { score: Float64Array.from(c.batchScore) });
    assert.equal(estimate.chunkSize, c.chunkSize);
    assert.equal(estimate.chunks, c.chunks);
    assert.deepEqual(estimate.figures.map((f) => f.metric), c.figures.map((f) => f.metric));
    estimate.figures.forEach((f, i) => {
      const want = c.figures[i];
      assertClose(f.estimated, want.estimated, `${f.metric} estimate`);
      assertClose(f.sigma, want.sigma, `${f.metric} sigma`);
      assertClose(f.referenceRealised, want.referenceRealised, `${f.metric} on the reference`);
      assertClose(f.lower, Math.max(want.estimated - 3 * want.sigma, 0), `${f.metric} lower`);
      assertClose(f.upper, Math.min(want.estimated + 3 * want.sigma, 1), `${f.metric} upper`);
    });
  });
}

test('the expected confusion matrix by hand: calibrated chances summed over predicted positives and negatives', () => {
  // Scores 0.2 (labels 0, 0, 1, 1 -> 0.5) and 0.8 (labels 1, 1, 1, 0 -> 0.75): isotonic keeps both means.
  const ref = prepareEstimation({ score: Float64Array.from([0.2, 0.2, 0.2, 0.2, 0.8, 0.8, 0.8, 0.8]), target: [0, 0, 1, 1, 1, 1, 1, 0] });
  const estimate = estimatePerformance(ref, { score: Float64Array.from([0.2, 0.8, 0.8, 0.5]) });
  // 0.5 lies halfway between the thresholds: chance 0.625, predicted positive (>= 0.5).
  // E[TP] = 0.75 + 0.75 + 0.625 = 2.125, E[FP] = 0.875, E[FN] = 0.5, E[TN] = 0.5.
  const figure = (m: string) => estimate.figures.find((f) => f.metric === m)!.estimated;
  assert.equal(figure('accuracy'), (2.125 + 0.5) / 4);
  assert.equal(figure('f1'), (2 * 2.125) / (2 * 2.125 + 0.875 + 0.5));
  // Expected ROC: ranked 0.8, 0.8 (one step: +1.5 TP, +0.5 FP), 0.5 (+0.625, +0.375), 0.2 (+0.5, +0.5).
  const area = 0.5 * (0 + 1.5 / 2) + 0.375 * (1.5 + 0.625 / 2) + 0.5 * (2.125 + 0.5 / 2);
  assert.ok(Math.abs(figure('rocAuc') - area / (2.625 * 1.375)) < 1e-15);
});

test('realised figures on 0/1 labels equal classificationMetrics, which equals scikit-learn', () => {
  const batch = draw(3, 500, miscalibrated);
  const realised = binaryOutcomes(batch.score, Float64Array.from(batch.target), Uint8Array.from(batch.prediction));
  const m = classificationMetrics(batch.target, batch.prediction, { score: batch.score });
  assert.equal(realised.accuracy.value, m.accuracy);
  assert.equal(realised.f1.value, m.f1);
  assert.equal(realised.rocAuc.value, m.rocAuc!.value);
});

test('string labels, a prediction column, and rows without score or prediction left out and counted', () => {
  const base = draw(5, 2000, miscalibrated);
  const words = (v: number) => (v === 1 ? 'churn' : 'stay');
  const ref = prepareEstimation({ score: base.score, target: base.target.map(words), prediction: base.prediction.map(words) });
  assert.equal(ref.positiveLabel, 'stay', 'the later label by default');
  const churn = prepareEstimation({ score: base.score, target: base.target.map(words), prediction: base.prediction.map(words) }, 'churn');
  const batch = draw(6, 300, miscalibrated);
  batch.score[0] = Number.NaN;
  const prediction: (string | null)[] = batch.prediction.map(words);
  prediction[1] = null;
  const estimate = estimatePerformance(churn, { score: batch.score, prediction });
  assert.equal(estimate.rows, 298);
  assert.equal(estimate.excludedRows, 2);
  assert.throws(() => estimatePerformance(churn, { score: batch.score, prediction: batch.prediction }), /prediction row 2 holds the number 1 but the positive label is the string "churn"/);
  assert.throws(() => estimatePerformance(churn, { score: Float64Array.from([0.5, 2]) }), /score row 2 is 2: .*between 0 and 1/);
  assert.throws(() => prepareEstimation({ score: Float64Array.from([0.1, 0.2, 0.3]), target: [0, 1, 2] }), /binary classifiers, but target and prediction hold 3 labels/);
  assert.throws(() => prepareEstimation({ score: Float64Array.from([0.1, 0.2, 0.3]), target: [0, 1, 1] }), /at least 5/);
});
