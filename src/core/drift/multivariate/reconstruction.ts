// Multivariate drift by PCA reconstruction error. A model fitted on the reference projects each
// standardised row onto the components that explain most of its variance and back; the distance
// between a row and its reconstruction grows when the relations between columns change, even where
// every column's own distribution stays the same (what per-column tests cannot see).
import { FeatureRows, fitFeatures, tableRows } from './featureEncoding';
import {
  ReconstructionInputError,
  type ReconstructionColumn,
  type ReconstructionModel,
  type ReconstructionOptions,
  type ReconstructionScore,
} from './modelTypes';
import { fitPrincipalComponents } from './principalComponents';
import { chunkErrors, chunkLengths, chunkThresholds } from './referenceChunks';

export const DEFAULT_VARIANCE_TARGET = 0.65;
export const DEFAULT_SIGMAS = 3;

/**
 * Each row's reconstruction error: the norm of x - x W'W for x = z - center, z the standardised row.
 * Row by row over flat arrays rather than through matrix blocks: ml-matrix holds each matrix row as
 * its own Float64Array, and a million-row batch spent most of its scoring time allocating them. The
 * sums run in the order a matrix product takes them (features, then components, ascending).
 */
function rowErrors(rows: FeatureRows, n: number, center: readonly number[], components: readonly number[][]): Float64Array {
  const out = new Float64Array(n);
  const d = rows.width;
  const k = components.length;
  const basis = new Float64Array(k * d);
  components.forEach((c, ci) => basis.set(c, ci * d));
  const x = new Float64Array(d);
  const scores = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    rows.row(i, x);
    for (let j = 0; j < d; j++) x[j] -= center[j];
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[j] * basis[c * d + j];
      scores[c] = s;
    }
    let squares = 0;
    for (let j = 0; j < d; j++) {
      let back = 0;
      for (let c = 0; c < k; c++) back += scores[c] * basis[c * d + j];
      squares += (x[j] - back) ** 2;
    }
    out[i] = Math.sqrt(squares);
  }
  return out;
}

function checkOptions(opts: ReconstructionOptions): { varianceTarget: number; sigmas: number } {
  const varianceTarget = opts.varianceTarget ?? DEFAULT_VARIANCE_TARGET;
  if (!(varianceTarget > 0 && varianceTarget < 1)) {
    throw new ReconstructionInputError(`varianceTarget must be a share between 0 and 1, exclusive (got ${varianceTarget}); the default is ${DEFAULT_VARIANCE_TARGET}.`);
  }
  const sigmas = opts.sigmas ?? DEFAULT_SIGMAS;
  if (!(sigmas > 0 && Number.isFinite(sigmas))) throw new ReconstructionInputError(`sigmas must be a positive number (got ${sigmas}); the default is ${DEFAULT_SIGMAS}.`);
  return { varianceTarget, sigmas };
}

/**
 * Fits the model on the reference: imputation, frequency encoding and scaling per column, PCA, and
 * the thresholds from the errors of the reference's own chunks. The result is plain JSON.
 */
export function fitReconstruction(columns: readonly ReconstructionColumn[], opts: ReconstructionOptions = {}): ReconstructionModel {
  const { varianceTarget, sigmas } = checkOptions(opts);
  if (!Array.isArray(columns) || columns.length === 0) throw new ReconstructionInputError('The reference has no columns: multivariate drift needs at least one.');
  const n = tableRows(columns, 'reference');
  const lengths = chunkLengths(n, opts);
  const { features, skipped } = fitFeatures(columns, n);
  if (features.length === 0) {
    throw new ReconstructionInputError(`No reference column has a value (${skipped.map((s) => `"${s.name}"`).join(', ')}): multivariate drift needs at least one column with values.`);
  }
  const rows = new FeatureRows(features, columns, 'reference');
  const { center, explainedVarianceRatio, components } = fitPrincipalComponents(rows, n, varianceTarget);
  const errors = chunkErrors(rowErrors(rows, n, center, components), lengths);
  return {
    format: 'pca-reconstruction',
    version: 1,
    rows: n,
    features,
    skipped,
    varianceTarget,
    center,
    explainedVarianceRatio,
    components,
    chunks: { rows: lengths, errors },
    thresholds: chunkThresholds(errors, sigmas),
  };
}

/** Each row's reconstruction error under a fitted model (the batch's columns are matched by name). */
export function reconstructionErrors(model: ReconstructionModel, columns: readonly ReconstructionColumn[]): Float64Array {
  const n = tableRows(columns, 'batch');
  return rowErrors(new FeatureRows(model.features, columns, 'batch'), n, model.center, model.components);
}

/** A batch's mean reconstruction error and whether it leaves the reference's band. */
export function scoreReconstruction(model: ReconstructionModel, columns: readonly ReconstructionColumn[]): ReconstructionScore {
  const errors = reconstructionErrors(model, columns);
  const { lower, upper } = model.thresholds;
  // numpy's mean of no rows is NaN too; an empty batch has nothing to judge, so it does not drift.
  const error = errors.reduce((s, e) => s + e, 0) / errors.length;
  return { error, lower, upper, drift: error > upper || error < lower, rows: errors.length };
}
