// Realised performance of a classifier on a batch with labels, equal to scikit-learn's
// accuracy_score, precision_score, recall_score, f1_score, confusion_matrix, roc_auc_score and
// log_loss on the rows that have both a target and a prediction.
//
// Binary when target and prediction together hold at most two labels (scikit-learn's
// type_of_target): precision, recall and F1 are those of the positive label. Otherwise multiclass:
// their macro average, the unweighted mean over every label in either column.
// A ratio with a zero denominator is 0, as scikit-learn's default zero_division="warn" makes it
// (precision with no predicted positives, recall with no actual ones, F1 with neither);
// F1 is 2TP / (2TP + FP + FN), as scikit-learn computes it since 1.3.
// ROC AUC and log loss (binary only) take the score as the positive label's probability and the
// target as positive or not: roc_auc_score(target == positive, score) and log_loss(target ==
// positive, score, labels=[0, 1]); the labels argument lets log loss be taken on a batch of one
// class, where scikit-learn without it raises, while ROC AUC is then NaN with its reason.
import { type Label, type LabelColumn, completeLabels, sortedLabels } from './labels';
import { logLoss } from './logLoss';
import { type MetricValue, undefinedMetric } from './metricValue';
import { rocAuc } from './rocAuc';

export interface ClassificationOptions {
  /** The probability of the positive label, one per input row, NaN where unknown. Binary only. */
  score?: Float64Array;
  /**
   * The positive label of a binary problem. Default: 1 for numeric labels (scikit-learn's
   * pos_label); for string labels the later of the two in sort order ("yes" over "no").
   */
  positiveLabel?: Label;
}

export interface ClassificationMetrics {
  kind: 'binary' | 'multiclass';
  /** How precision, recall and F1 were taken: of the positive label, or macro-averaged over labels. */
  average: 'binary' | 'macro';
  positiveLabel: Label | null;
  /** Rows with both a target and a prediction, which every figure is computed on. */
  rows: number;
  /** Rows left out for a null target or prediction. */
  excludedRows: number;
  /** The labels of both columns in scikit-learn's order: the rows (target) and columns (prediction) of the matrix. */
  labels: Label[];
  confusionMatrix: number[][];
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** From the score column on the counted rows with a finite score; null without a score or when multiclass. */
  rocAuc: MetricValue | null;
  logLoss: MetricValue | null;
  /** Counted rows left out of ROC AUC and log loss for a missing (NaN) score. */
  excludedScoreRows: number;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** The positive label of a binary problem, checked against the labels seen. */
export function binaryPositiveLabel(labels: readonly Label[], requested: Label | undefined): Label {
  const numeric = labels.length === 0 ? typeof requested !== 'string' : typeof labels[0] === 'number';
  if (requested !== undefined) {
    if ((typeof requested === 'number') !== numeric) {
      throw new Error(`positiveLabel ${JSON.stringify(requested)} is a ${typeof requested} but the labels are ${numeric ? 'numbers' : 'strings'}: give it as the labels are written`);
    }
    if (labels.length === 2 && !labels.includes(requested)) {
      throw new Error(`positiveLabel ${JSON.stringify(requested)} is not one of the labels ${JSON.stringify(labels)}: name one of them`);
    }
    return requested;
  }
  if (!numeric) return labels[labels.length - 1];
  if (labels.length === 2 && !labels.includes(1)) {
    throw new Error(`the labels ${JSON.stringify(labels)} do not include 1, the default positive label: set positiveLabel to one of them`);
  }
  return 1;
}

export function classificationMetrics(target: LabelColumn, prediction: LabelColumn, options: ClassificationOptions = {}): ClassificationMetrics {
  const kept = completeLabels(target, prediction);
  const n = kept.target.length;
  if (n === 0) throw new Error('no row has both a target and a prediction: performance needs labelled rows');
  const labels = sortedLabels(kept.target, kept.prediction);
  const index = new Map<Label, number>(labels.map((label, i) => [label, i]));
  const k = labels.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const t = index.get(kept.target[i])!;
    const p = index.get(kept.prediction[i])!;
    matrix[t][p]++;
    if (t === p) correct++;
  }
  // Per label: true positives on the diagonal, false positives down its column, false negatives along its row.
  const perLabel = (j: number) => {
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < k; i++) {
      predicted += matrix[i][j];
      actual += matrix[j][i];
    }
    const tp = matrix[j][j];
    return { precision: ratio(tp, predicted), recall: ratio(tp, actual), f1: ratio(2 * tp, predicted + actual) };
  };
  const base = { rows: n, excludedRows: kept.excludedRows, labels, confusionMatrix: matrix, accuracy: correct / n };

  if (k > 2) {
    let precision = 0;
    let recall = 0;
    let f1 = 0;
    for (let j = 0; j < k; j++) {
      const m = perLabel(j);
      precision += m.precision;
      recall += m.recall;
      f1 += m.f1;
    }
    return {
      kind: 'multiclass', average: 'macro', positiveLabel: null, ...base,
      precision: precision / k, recall: recall / k, f1: f1 / k,
      rocAuc: null, logLoss: null, excludedScoreRows: 0,
    };
  }

  const positiveLabel = binaryPositiveLabel(labels, options.positiveLabel);
  const j = index.get(positiveLabel);
  // A positive label absent from both columns: no true, false or predicted positives, all ratios 0.
  const figures = j === undefined ? { precision: 0, recall: 0, f1: 0 } : perLabel(j);
  const scored = options.score === undefined ? null : scoreFigures(kept.rows, kept.target, positiveLabel, options.score, target.length);
  return {
    kind: 'binary', average: 'binary', positiveLabel, ...base, ...figures,
    rocAuc: scored?.rocAuc ?? null, logLoss: scored?.logLoss ?? null, excludedScoreRows: scored?.excluded ?? 0,
  };
}

function scoreFigures(rows: readonly number[], target: readonly Label[], positiveLabel: Label, score: Float64Array, inputRows: number) {
  if (score.length !== inputRows) throw new Error(`score has ${score.length} rows but target has ${inputRows}: give the columns of the same batch`);
  const s: number[] = [];
  const y: number[] = [];
  let excluded = 0;
  rows.forEach((row, i) => {
    const p = score[row];
    if (Number.isNaN(p)) {
      excluded++;
      return;
    }
    if (!(p >= 0 && p <= 1)) throw new Error(`score row ${row + 1} is ${p}: the score column must hold probabilities of the positive label, between 0 and 1`);
    s.push(p);
    y.push(target[i] === positiveLabel ? 1 : 0);
  });
  if (s.length === 0) {
    const none = undefinedMetric('no labelled row has a score');
    return { rocAuc: none, logLoss: none, excluded };
  }
  const scores = Float64Array.from(s);
  const positive = Float64Array.from(y);
  return { rocAuc: rocAuc(scores, positive), logLoss: { value: logLoss(positive, scores) }, excluded };
}
