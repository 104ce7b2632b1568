// A fitted model read back from JSON (the store keeps it with the reference's summary): its shape is
// checked before use, so a model from another version or a damaged row fails with a message that
// says to refit, rather than as a dimension error deep in the linear algebra.
import type { ReconstructionFeature, ReconstructionModel } from './modelTypes';

/** A stored model this version cannot use; refit it from the reference. */
export class ReconstructionModelError extends Error {}

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNumbers = (x: unknown, length?: number): x is number[] => Array.isArray(x) && (length === undefined || x.length === length) && x.every(isNumber);

function isFeature(f: unknown): f is ReconstructionFeature {
  if (!isObject(f) || typeof f.name !== 'string' || !isNumber(f.mean) || !isNumber(f.scale) || !(f.scale > 0)) return false;
  if (f.kind === 'numeric') return true;
  return (
    f.kind === 'categorical' &&
    typeof f.mode === 'string' &&
    Array.isArray(f.categories) &&
    f.categories.every((c) => typeof c === 'string') &&
    isNumbers(f.shares, f.categories.length)
  );
}

/** Why `x` is not a model of the current format, or null when it is one. */
function problem(x: unknown): string | null {
  if (!isObject(x)) return 'it is not an object';
  if (x.format !== 'pca-reconstruction' || x.version !== 1) return `its format is ${String(x.format)} version ${String(x.version)}, not pca-reconstruction version 1`;
  if (!Array.isArray(x.features) || x.features.length === 0 || !x.features.every(isFeature)) return 'its features are malformed';
  const d = x.features.length;
  if (!isNumbers(x.center, d)) return `its center does not have one number per feature (${d})`;
  if (!Array.isArray(x.components) || !x.components.every((c) => isNumbers(c, d))) return `its components are not vectors of ${d} numbers`;
  if (x.explainedVarianceRatio !== null && !isNumbers(x.explainedVarianceRatio)) return 'its explained variance ratios are malformed';
  if (!isObject(x.chunks) || !isNumbers(x.chunks.rows) || !isNumbers(x.chunks.errors, x.chunks.rows.length)) return 'its chunks are malformed';
  const t = x.thresholds;
  if (!isObject(t) || ![t.mean, t.std, t.sigmas, t.lower, t.upper].every(isNumber)) return 'its thresholds are malformed';
  if (!isNumber(x.rows) || !isNumber(x.varianceTarget) || !Array.isArray(x.skipped)) return 'its rows, variance target or skipped columns are malformed';
  return null;
}

/** A model parsed from stored JSON, checked; throws ReconstructionModelError naming what is wrong. */
export function readReconstructionModel(json: unknown): ReconstructionModel {
  const wrong = problem(json);
  if (wrong) throw new ReconstructionModelError(`The stored multivariate drift model cannot be used: ${wrong}. Refit it from the reference (fitReconstruction).`);
  return json as ReconstructionModel;
}
