// The columns as PCA sees them: each column imputed, encoded to a number and standardised with the
// reference's figures, exactly as scikit-learn's SimpleImputer (mean / most_frequent), a frequency
// encoder and StandardScaler would, row blocks at a time so no n x d matrix is ever built.
import { Matrix } from 'ml-matrix';
import {
  ReconstructionInputError,
  type CategoricalColumnInput,
  type CategoricalFeature,
  type NumericColumnInput,
  type ReconstructionColumn,
  type ReconstructionFeature,
} from './modelTypes';

/** A column's value at a row after imputation and encoding (before standardising). */
type Encoder = (row: number) => number;

function isMissing(x: number): boolean {
  return !Number.isFinite(x);
}

/** The rows of a table, checking every column has as many; the columns' names are distinct. */
export function tableRows(columns: readonly ReconstructionColumn[], side: string): number {
  const seen = new Set<string>();
  let rows = -1;
  for (const c of columns) {
    if (typeof c?.name !== 'string') throw new ReconstructionInputError(`Each ${side} column needs a name (a string).`);
    if (seen.has(c.name)) throw new ReconstructionInputError(`The ${side} has two columns named "${c.name}": give each column its own name.`);
    seen.add(c.name);
    if (c.kind === 'numeric' && !(c.values instanceof Float64Array)) {
      throw new ReconstructionInputError(`The ${side} column "${c.name}" is numeric, so its values must be a Float64Array (NaN for a missing value).`);
    }
    if (c.kind === 'categorical' && !Array.isArray(c.values)) {
      throw new ReconstructionInputError(`The ${side} column "${c.name}" is categorical, so its values must be an array of strings (null for a missing value).`);
    }
    if (c.kind !== 'numeric' && c.kind !== 'categorical') {
      throw new ReconstructionInputError(`The ${side} column "${(c as { name: string }).name}" has kind "${String((c as { kind: unknown }).kind)}": use "numeric" or "categorical".`);
    }
    if (rows >= 0 && c.values.length !== rows) {
      throw new ReconstructionInputError(`The ${side} column "${c.name}" has ${c.values.length} rows where "${columns[0].name}" has ${rows}: every column needs one value (or a missing one) per row.`);
    }
    rows = c.values.length;
  }
  return Math.max(rows, 0);
}

function numericEncoder(column: NumericColumnInput, fill: number): Encoder {
  const v = column.values;
  return (i) => (isMissing(v[i]) ? fill : v[i]);
}

/** A category's share of the imputed reference; unseen categories encode as 0. */
function categoricalEncoder(column: CategoricalColumnInput, feature: Pick<CategoricalFeature, 'mode' | 'categories' | 'shares'>): Encoder {
  const share = new Map<string, number>();
  feature.categories.forEach((c, i) => share.set(c, feature.shares[i]));
  const modeShare = share.get(feature.mode) ?? 0;
  const v = column.values;
  return (i) => {
    const c = v[i];
    return c === null ? modeShare : (share.get(c) ?? 0);
  };
}

/**
 * StandardScaler's mean and scale of an encoded column: the mean, then the variance by the corrected
 * two-pass sum; a column scikit-learn deems constant (variance within rounding of zero) gets scale 1.
 */
function standardise(encode: Encoder, rows: number): { mean: number; scale: number } {
  let sum = 0;
  for (let i = 0; i < rows; i++) sum += encode(i);
  const mean = sum / rows;
  let squares = 0;
  let correction = 0;
  for (let i = 0; i < rows; i++) {
    const t = encode(i) - mean;
    correction += t;
    squares += t * t;
  }
  const variance = (squares - (correction * correction) / rows) / rows;
  // scikit-learn's _is_constant_feature: the variance is no more than its own rounding error.
  const eps = Number.EPSILON;
  const constant = variance <= rows * eps * variance + (rows * mean * eps) ** 2;
  return { mean, scale: constant ? 1 : Math.sqrt(variance) };
}

/** The most frequent category (ties to the smallest by code point: UTF-8 bytes sort the same way). */
function modeOf(counts: Map<string, number>): string {
  let best: string | undefined;
  let bestCount = 0;
  for (const [c, n] of counts) {
    if (n > bestCount || (n === bestCount && Buffer.compare(Buffer.from(c), Buffer.from(best!)) < 0)) {
      best = c;
      bestCount = n;
    }
  }
  return best!;
}

export interface FittedFeatures {
  features: ReconstructionFeature[];
  skipped: { name: string; reason: string }[];
}

/** Fits imputation, encoding and scaling on the reference; columns with no value at all are skipped. */
export function fitFeatures(columns: readonly ReconstructionColumn[], rows: number): FittedFeatures {
  const features: ReconstructionFeature[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const column of columns) {
    if (column.kind === 'numeric') {
      let sum = 0;
      let present = 0;
      for (const x of column.values) {
        if (!isMissing(x)) {
          sum += x;
          present++;
        }
      }
      if (present === 0) {
        skipped.push({ name: column.name, reason: 'no finite value in the reference' });
        continue;
      }
      const { mean, scale } = standardise(numericEncoder(column, sum / present), rows);
      features.push({ name: column.name, kind: 'numeric', mean, scale });
    } else {
      const counts = new Map<string, number>();
      let missing = 0;
      for (const c of column.values) {
        if (c === null) missing++;
        else counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      if (counts.size === 0) {
        skipped.push({ name: column.name, reason: 'no category in the reference' });
        continue;
      }
      const mode = modeOf(counts);
      counts.set(mode, counts.get(mode)! + missing);
      const categories = [...counts.keys()];
      const shares = categories.map((c) => counts.get(c)! / rows);
      const { mean, scale } = standardise(categoricalEncoder(column, { mode, categories, shares }), rows);
      features.push({ name: column.name, kind: 'categorical', mode, categories, shares, mean, scale });
    }
  }
  return { features, skipped };
}

/** Standardised rows of a table, a block at a time, for the features of a fitted model. */
export class FeatureRows {
  private readonly encoders: Encoder[];
  private readonly means: number[];
  private readonly scales: number[];

  /** Binds the model's features to a table's columns by name; a missing column or a changed kind throws. */
  constructor(
    features: readonly ReconstructionFeature[],
    columns: readonly ReconstructionColumn[],
    side: string,
  ) {
    const byName = new Map(columns.map((c) => [c.name, c]));
    this.encoders = features.map((f) => {
      const column = byName.get(f.name);
      if (!column) {
        throw new ReconstructionInputError(`The ${side} has no column "${f.name}", which the reference's multivariate model uses: add it (missing values are imputed) or refit the model without it.`);
      }
      if (column.kind !== f.kind) {
        throw new ReconstructionInputError(`The ${side} column "${f.name}" is ${column.kind}, but ${f.kind} in the reference: give it the reference's type.`);
      }
      return column.kind === 'numeric' ? numericEncoder(column, f.mean) : categoricalEncoder(column, f as CategoricalFeature);
    });
    this.means = features.map((f) => f.mean);
    this.scales = features.map((f) => f.scale);
  }

  get width(): number {
    return this.encoders.length;
  }

  /** Row i's standardised values, written into `out` (length d): the scoring loop's allocation-free path. */
  row(i: number, out: Float64Array): Float64Array {
    for (let j = 0; j < this.encoders.length; j++) out[j] = (this.encoders[j](i) - this.means[j]) / this.scales[j];
    return out;
  }

  /** Rows [start, end) as a (end - start) x d matrix of standardised values. */
  block(start: number, end: number): Matrix {
    const m = new Matrix(end - start, this.encoders.length);
    for (let j = 0; j < this.encoders.length; j++) {
      const encode = this.encoders[j];
      const mean = this.means[j];
      const scale = this.scales[j];
      for (let i = start; i < end; i++) m.set(i - start, j, (encode(i) - mean) / scale);
    }
    return m;
  }
}
