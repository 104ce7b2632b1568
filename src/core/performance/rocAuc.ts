// Area under the ROC curve, with tied scores handled as scikit-learn's roc_curve does: a group of
// equal scores is one step of the curve, so ties count half (the trapezoid across the group).
import { type MetricValue, undefinedMetric } from './metricValue';
import { valueGroups } from './valueGroups';

/**
 * ROC AUC of `scores` against how positive each row is: `positive[i]` is 1 for a positive row and 0
 * for a negative one (then this equals `roc_auc_score`), or a probability in between, where row i
 * counts as `positive[i]` of a positive and `1 - positive[i]` of a negative (the expected ROC curve
 * of confidence-based estimation). Scores must be finite.
 */
export function rocAuc(scores: Float64Array, positive: Float64Array): MetricValue {
  const n = scores.length;
  if (positive.length !== n) throw new Error(`rocAuc: ${n} scores but ${positive.length} labels`);
  const { values, groupOf } = valueGroups(scores);
  const groupTp = new Float64Array(values.length);
  const groupFp = new Float64Array(values.length);
  for (let i = 0; i < n; i++) {
    groupTp[groupOf[i]] += positive[i];
    groupFp[groupOf[i]] += 1 - positive[i];
  }
  // From the highest score down, each group one step of the curve: the trapezoid under it.
  let tp = 0;
  let fp = 0;
  let area = 0;
  for (let g = values.length - 1; g >= 0; g--) {
    area += groupFp[g] * (tp + groupTp[g] / 2);
    tp += groupTp[g];
    fp += groupFp[g];
  }
  // scikit-learn warns and returns nan when y_true holds one class only.
  if (!(tp > 0)) return undefinedMetric('ROC AUC is undefined: the target has no positive rows');
  if (!(fp > 0)) return undefinedMetric('ROC AUC is undefined: the target has no negative rows');
  return { value: area / (tp * fp) };
}
