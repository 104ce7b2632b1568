// Accuracy, F1 and ROC AUC of a binary classifier over typed arrays, the figures confidence-based
// estimation estimates. `positive[i]` is how positive row i is: 1 or 0 for a known label, or a
// probability for an expected one; `predicted[i]` is 1 where the model predicts the positive label.
// With 0/1 labels these equal scikit-learn's accuracy_score, f1_score (zero_division 0) and
// roc_auc_score; with probabilities they are the figures of the expected confusion matrix.
import { type MetricValue } from './metricValue';
import { rocAuc } from './rocAuc';

export const ESTIMATED_METRICS = ['accuracy', 'f1', 'rocAuc'] as const;
export type EstimatedMetric = (typeof ESTIMATED_METRICS)[number];

export type BinaryOutcomes = Record<EstimatedMetric, MetricValue>;

/** The figures on rows [start, end) of aligned arrays. */
export function binaryOutcomes(scores: Float64Array, positive: Float64Array, predicted: Uint8Array, start = 0, end = scores.length): BinaryOutcomes {
  // Expected (or, with 0/1 labels, counted) cells of the confusion matrix.
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = start; i < end; i++) {
    const p = positive[i];
    if (predicted[i] === 1) {
      tp += p;
      fp += 1 - p;
    } else {
      fn += p;
      tn += 1 - p;
    }
  }
  const f1Denominator = 2 * tp + fp + fn;
  return {
    accuracy: { value: (tp + tn) / (end - start) },
    f1: { value: f1Denominator === 0 ? 0 : (2 * tp) / f1Denominator },
    rocAuc: rocAuc(scores.subarray(start, end), positive.subarray(start, end)),
  };
}
