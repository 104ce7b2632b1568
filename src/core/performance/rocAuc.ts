// Area under the ROC curve, with tied scores handled as scikit-learn's roc_curve does: a group of
// equal scores is one step of the curve, so ties count half (the trapezoid across the group).
import { type MetricValue, undefinedMetric } from './metricValue';

/**
 * ROC AUC of `scores` against how positive each row is: `positive[i]` is 1 for a positive row and 0
 * for a negative one (then this equals `roc_auc_score`), or a probability in between, where row i
 * counts as `positive[i]` of a positive and `1 - positive[i]` of a negative (the expected ROC curve
 * of confidence-based estimation). Scores must be finite.
 */
export function rocAuc(scores: Float64Array, positive: Float64Array): MetricValue {
  const n = scores.length;
  if (positive.length !== n) throw new Error(`rocAuc: ${n} scores but ${positive.length} labels`);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b] - scores[a]);
  let tp = 0;
  let fp = 0;
  let area = 0;
  for (let i = 0; i < n; ) {
    const s = scores[order[i]];
    let groupTp = 0;
    let groupFp = 0;
    for (; i < n && scores[order[i]] === s; i++) {
      groupTp += positive[order[i]];
      groupFp += 1 - positive[order[i]];
    }
    area += groupFp * (tp + groupTp / 2);
    tp += groupTp;
    fp += groupFp;
  }
  // scikit-learn warns and returns nan when y_true holds one class only.
  if (!(tp > 0)) return undefinedMetric('ROC AUC is undefined: the target has no positive rows');
  if (!(fp > 0)) return undefinedMetric('ROC AUC is undefined: the target has no negative rows');
  return { value: area / (tp * fp) };
}
