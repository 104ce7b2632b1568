// Estimated performance of a binary classifier on a batch without labels: confidence-based
// performance estimation (the method NannyML calls CBPE).
//
// 1. Calibrate. On the reference (rows with a target and a finite score), fit isotonic regression of
//    the 0/1 target (1 for the positive label) on the score: IsotonicRegression(out_of_bounds="clip",
//    y_min=0, y_max=1). calibrated(s) estimates P(target is positive | score s).
// 2. Expect. For each batch row i with a finite score (and a prediction, when the model has a
//    prediction column), p_i = calibrated(score_i) is the chance the row is positive. The model's
//    prediction is its predicted label (positive or not), or score_i >= 0.5 without a prediction column.
//    The expected confusion matrix sums the chances: E[TP] = sum of p_i over predicted positives,
//    E[FP] = sum of 1 - p_i over predicted positives, E[FN] = sum of p_i over predicted negatives,
//    E[TN] = sum of 1 - p_i over predicted negatives.
//    Estimated accuracy = (E[TP] + E[TN]) / n; estimated F1 = 2 E[TP] / (2 E[TP] + E[FP] + E[FN])
//    (0 when that is 0/0). Estimated ROC AUC is the area under the expected ROC curve: rows ranked by
//    score, descending, row i adding p_i to the true positives and 1 - p_i to the false positives,
//    tied scores one step (trapezoid), the axes divided by sum p_i and sum 1 - p_i.
// 3. Band. The reference (in its own row order) is cut into consecutive chunks of the batch's size
//    n, the rows that do not fill a last chunk left out, when that gives at least 5 chunks. When the
//    batch is bigger than a fifth of the reference, it is cut into 5 chunks of floor(n_ref / 5) rows
//    instead and the spread is scaled by sqrt(chunk size / n), as a standard error shrinks with the
//    square root of the sample. sigma is the sample standard deviation (n - 1) of the realised
//    metric over the chunks (chunks where it is undefined, ROC AUC on one class, are skipped; fewer
//    than two left give no band). The band is estimate +- 3 sigma, clipped to the metric's range [0, 1].
// 4. The reference's realised value (the metric on the whole reference) is given beside it.
import { type BinaryOutcomes, type EstimatedMetric, ESTIMATED_METRICS, binaryOutcomes } from './binaryOutcomes';
import { binaryPositiveLabel } from './classificationMetrics';
import { type IsotonicCalibration, fitIsotonic, predictIsotonic } from './isotonicCalibration';
import { type Label, type LabelColumn, sortedLabels } from './labels';

/** Scored rows of a model's output: the score is the positive label's probability, NaN where missing. */
export interface ScoredRows {
  score: Float64Array;
  /** The model's predicted labels; without them a row is predicted positive when its score is >= 0.5. */
  prediction?: LabelColumn;
}

export interface LabelledRows extends ScoredRows {
  target: LabelColumn;
}

/** What estimation keeps from the reference: its calibration and the rows the band's chunks are cut from. */
export interface EstimationReference {
  positiveLabel: Label;
  calibration: IsotonicCalibration;
  scores: Float64Array;
  /** 1 where the reference target is the positive label. */
  positive: Float64Array;
  /** 1 where the model predicted the positive label. */
  predicted: Uint8Array;
  /** Reference rows left out for a missing target, score or prediction. */
  excludedRows: number;
  realised: BinaryOutcomes;
}

export interface EstimatedFigure {
  metric: EstimatedMetric;
  estimated: number;
  lower: number;
  upper: number;
  /** The spread of the realised metric on a batch of this size (see the band above). */
  sigma: number;
  /** The metric realised on the whole reference. */
  referenceRealised: number;
  /** Why the estimate or its band is NaN, when it is. */
  reason?: string;
}

export interface PerformanceEstimate {
  /** Batch rows estimated on; rows without a score (or a prediction, with a prediction column) are left out and counted. */
  rows: number;
  excludedRows: number;
  chunkSize: number;
  chunks: number;
  figures: EstimatedFigure[];
}

const MIN_CHUNKS = 5;

function isMissing(value: Label | null | undefined): value is null | undefined {
  return value === null || value === undefined;
}

/** A label written as another kind than the positive label (1 against "1") would never match it: refused. */
function checkLabelKind(field: string, value: Label | null | undefined, row: number, positiveLabel: Label): void {
  if (!isMissing(value) && typeof value !== typeof positiveLabel) {
    throw new Error(`${field} row ${row + 1} holds the ${typeof value} ${JSON.stringify(value)} but the positive label is the ${typeof positiveLabel} ${JSON.stringify(positiveLabel)}: write labels as the reference does`);
  }
}

/** Rows with what estimation needs (a finite score, a prediction when there is a column, and a target if asked), and who is predicted positive. */
function usableRows(rows: ScoredRows, positiveLabel: Label, target?: LabelColumn) {
  const n = rows.score.length;
  for (const [field, column] of [['prediction', rows.prediction], ['target', target]] as const) {
    if (column !== undefined && column.length !== n) throw new Error(`${field} has ${column.length} rows but score has ${n}: give the columns of the same batch`);
  }
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = rows.score[i];
    const predicted = rows.prediction?.[i];
    const actual = target?.[i];
    if (Number.isNaN(s) || (rows.prediction !== undefined && isMissing(predicted)) || (target !== undefined && isMissing(actual))) continue;
    checkLabelKind('prediction', predicted, i, positiveLabel);
    checkLabelKind('target', actual, i, positiveLabel);
    if (!(s >= 0 && s <= 1)) throw new Error(`score row ${i + 1} is ${s}: the score column must hold probabilities of the positive label, between 0 and 1`);
    kept.push(i);
  }
  const scores = Float64Array.from(kept, (i) => rows.score[i]);
  const predicted = Uint8Array.from(kept, (i) => (rows.prediction === undefined ? rows.score[i] >= 0.5 : rows.prediction[i] === positiveLabel) ? 1 : 0);
  const positive = target === undefined ? undefined : Float64Array.from(kept, (i) => (target[i] === positiveLabel ? 1 : 0));
  return { scores, predicted, positive, excludedRows: n - kept.length };
}

/** Calibrates the reference; once per reference, reused for every batch. */
export function prepareEstimation(reference: LabelledRows, positiveLabel?: Label): EstimationReference {
  const present = (column: LabelColumn | undefined) => (column ?? []).filter((v): v is Label => !isMissing(v));
  const labels = sortedLabels(present(reference.target), present(reference.prediction));
  if (labels.length > 2) throw new Error(`estimated performance is for binary classifiers, but target and prediction hold ${labels.length} labels`);
  const positive = binaryPositiveLabel(labels, positiveLabel);
  const rows = usableRows(reference, positive, reference.target);
  if (rows.scores.length < MIN_CHUNKS) {
    throw new Error(`the reference has ${rows.scores.length} rows with a target and a score; estimating performance needs at least ${MIN_CHUNKS}`);
  }
  return {
    positiveLabel: positive,
    calibration: fitIsotonic(rows.scores, rows.positive!),
    scores: rows.scores,
    positive: rows.positive!,
    predicted: rows.predicted,
    excludedRows: rows.excludedRows,
    realised: binaryOutcomes(rows.scores, rows.positive!, rows.predicted),
  };
}

/** The sample standard deviation of the defined values. */
function spread(values: number[]): number {
  const defined = values.filter((v) => !Number.isNaN(v));
  if (defined.length < 2) return Number.NaN;
  const mean = defined.reduce((a, b) => a + b, 0) / defined.length;
  return Math.sqrt(defined.reduce((a, v) => a + (v - mean) ** 2, 0) / (defined.length - 1));
}

/** Chunk size, count and the factor that scales the chunks' spread to a batch of n rows. */
export function bandChunks(referenceRows: number, batchRows: number): { chunkSize: number; chunks: number; scale: number } {
  if (referenceRows >= MIN_CHUNKS * batchRows) return { chunkSize: batchRows, chunks: Math.floor(referenceRows / batchRows), scale: 1 };
  const chunkSize = Math.floor(referenceRows / MIN_CHUNKS);
  return { chunkSize, chunks: MIN_CHUNKS, scale: Math.sqrt(chunkSize / batchRows) };
}

export function estimatePerformance(reference: EstimationReference, batch: ScoredRows): PerformanceEstimate {
  const rows = usableRows(batch, reference.positiveLabel);
  const n = rows.scores.length;
  if (n === 0) throw new Error('no batch row has a score (and a prediction): nothing to estimate performance on');
  const chance = predictIsotonic(reference.calibration, rows.scores);
  const estimated = binaryOutcomes(rows.scores, chance, rows.predicted);
  const { chunkSize, chunks, scale } = bandChunks(reference.scores.length, n);
  const perChunk = Array.from({ length: chunks }, (_, c) => binaryOutcomes(reference.scores, reference.positive, reference.predicted, c * chunkSize, (c + 1) * chunkSize));
  const figures = ESTIMATED_METRICS.map((metric): EstimatedFigure => {
    const value = estimated[metric].value;
    const sigma = spread(perChunk.map((o) => o[metric].value)) * scale;
    const figure: EstimatedFigure = {
      metric,
      estimated: value,
      lower: Math.max(value - 3 * sigma, 0),
      upper: Math.min(value + 3 * sigma, 1),
      sigma,
      referenceRealised: reference.realised[metric].value,
    };
    if (Number.isNaN(value)) figure.reason = `the estimate is undefined: ${estimated[metric].reason ?? 'no rows'}`;
    else if (Number.isNaN(sigma)) figure.reason = `no band: the metric is defined on fewer than two reference chunks of ${chunkSize} rows`;
    if (figure.reason !== undefined) {
      figure.lower = Number.NaN;
      figure.upper = Number.NaN;
    }
    return figure;
  });
  return { rows: n, excludedRows: rows.excludedRows, chunkSize, chunks, figures };
}

/** A metric realised on a labelled batch beside what was (or would have been) estimated without its labels. */
export interface RealisedVersusEstimated {
  metric: EstimatedMetric;
  realised: number;
  estimated: number;
  lower: number;
  upper: number;
  /** Whether the realised figure falls outside the band (the calibration no longer holds: concept drift); false where there is no band. */
  outside: boolean;
}

/**
 * For a batch whose labels arrived: the estimate from its scores (and predictions) alone, on every
 * scored row as when it had no labels, and the realised metric on the rows that also have a target.
 */
export function realisedVersusEstimated(reference: EstimationReference, batch: LabelledRows): RealisedVersusEstimated[] {
  const estimate = estimatePerformance(reference, batch);
  const rows = usableRows(batch, reference.positiveLabel, batch.target);
  if (rows.scores.length === 0) throw new Error('no batch row has both a target and a score: nothing realised to compare');
  const realised = binaryOutcomes(rows.scores, rows.positive!, rows.predicted);
  return estimate.figures.map((f) => {
    const value = realised[f.metric].value;
    return { metric: f.metric, realised: value, estimated: f.estimated, lower: f.lower, upper: f.upper, outside: value < f.lower || value > f.upper };
  });
}
