// Multivariate drift in a check: the PCA reconstruction model is fitted once per reference content
// and column set, kept with the reference's summary, and the batch is scored with it. The model reads
// rows whole, so both tables are read with keepRows (one value per row, missing ones included).
import type { ColumnData, TableData } from './columnData';
import type { CompareOptions } from './compare';
import { readReconstructionModel, ReconstructionModelError } from './multivariate/modelJson';
import { ReconstructionInputError, type ReconstructionColumn, type ReconstructionModel } from './multivariate/modelTypes';
import { fitReconstruction, scoreReconstruction } from './multivariate/reconstruction';
import type { ReferenceSummary } from './referenceSummary';
import type { MultivariateDrift } from './reportTypes';

/** Reads the named reference columns with keepRows; absent when the reference is not at hand. */
export type ReadReferenceRows = (names: ReadonlySet<string>) => Promise<TableData>;

/** The batch's multivariate drift (undefined when turned off), and whether a model was fitted for the summary. */
export type MultivariateOutcome = { drift?: MultivariateDrift; fitted: boolean } | { needsReference: true };

/**
 * Fitting costs rows x columns^2 (the covariance) and a columns^2 eigendecomposition: about 3 s for
 * 10,000 rows of 100 columns, a minute for 1,000 columns. Wider comparisons skip it with a note
 * asking for `--columns`, rather than slowing every first check of a wide table.
 */
export const MAX_MULTIVARIATE_COLUMNS = 100;

const hasValues = (c: ColumnData): boolean => c.sourceType !== 'null' && (c.type === 'numeric' ? c.values.length > 0 : c.counts.size > 0);

/** The reference columns the comparison uses (`columns`, `ignore`) that have a value: what the model reads. */
export function multivariateColumns(summary: ReferenceSummary, options: CompareOptions = {}): string[] {
  const only = options.columns?.length ? new Set(options.columns) : undefined;
  const ignore = new Set(options.ignore ?? []);
  return summary.columns.filter((c) => (!only || only.has(c.name)) && !ignore.has(c.name) && hasValues(c)).map((c) => c.name);
}

/** A model is stored per column set: a check of other columns fits its own. */
export const modelKey = (columns: readonly string[]): string => JSON.stringify(columns);

/** The named reference columns, row-aligned, as the module reads them. */
function referenceInputs(data: TableData, names: readonly string[]): ReconstructionColumn[] | undefined {
  const out: ReconstructionColumn[] = [];
  for (const name of names) {
    const c = data.columns.find((x) => x.name === name);
    if (!c?.rows) return undefined;
    out.push(c.type === 'numeric' ? { name, kind: 'numeric', values: c.rows } : { name, kind: 'categorical', values: c.rows });
  }
  return out;
}

/** The batch's columns for the model's features, or why they cannot be scored. */
function batchInputs(data: TableData, model: ReconstructionModel): ReconstructionColumn[] | string {
  const out: ReconstructionColumn[] = [];
  for (const f of model.features) {
    const c = data.columns.find((x) => x.name === f.name);
    if (!c) return `column ${f.name} is missing from the batch.`;
    if (!c.rows) throw new Error(`internal: the batch column ${f.name} was read without its rows`);
    if (c.type === f.kind) {
      out.push(c.type === 'numeric' ? { name: f.name, kind: 'numeric', values: c.rows } : { name: f.name, kind: 'categorical', values: c.rows });
    } else if (f.kind === 'categorical' && c.type === 'numeric') {
      // A text column whose batch values all look numeric stays categorical, as the per-column tests read it.
      out.push({ name: f.name, kind: 'categorical', values: Array.from(c.rows, (x) => (Number.isFinite(x) ? String(x) : null)) });
    } else if (c.sourceType === 'null') {
      // No value at all: every row is imputed.
      out.push({ name: f.name, kind: 'numeric', values: new Float64Array(data.rows).fill(NaN) });
    } else {
      return `column ${f.name} changed type: ${f.kind} in the reference, ${c.type} in the batch.`;
    }
  }
  return out;
}

/** Kept instead of a model when none can be fitted (too few rows): the reference is not reread each check. */
interface Unfit {
  unfit: string;
}

const isUnfit = (x: unknown): x is Unfit => typeof x === 'object' && x !== null && typeof (x as Unfit).unfit === 'string';

/** The stored model for these columns, why none fits, or undefined when there is none this version can read. */
function storedModel(summary: ReferenceSummary, key: string): ReconstructionModel | Unfit | undefined {
  const json = summary.multivariate?.[key];
  if (json === undefined || isUnfit(json)) return json;
  try {
    return readReconstructionModel(json);
  } catch (err) {
    if (err instanceof ReconstructionModelError) return undefined; // refitted from the reference
    throw err;
  }
}

/** Fits the model for the comparison's columns into the summary (or notes why it cannot be fitted). */
function fitInto(summary: ReferenceSummary, key: string, inputs: ReconstructionColumn[]): void {
  let model: ReconstructionModel | Unfit;
  try {
    model = fitReconstruction(inputs);
  } catch (err) {
    if (!(err instanceof ReconstructionInputError)) throw err;
    model = { unfit: `no model could be fitted on the reference: ${err.message}` };
  }
  (summary.multivariate ??= {})[key] = model;
}

/**
 * Fits the multivariate model while the reference is read for its summary (read with keepRows), so
 * it is fitted once per reference content and column set and stored with the summary.
 */
export function fitReferenceModel(summary: ReferenceSummary, data: TableData, options: CompareOptions = {}): void {
  if (options.multivariate === false) return;
  const names = multivariateColumns(summary, options);
  const inputs = names.length >= 2 && names.length <= MAX_MULTIVARIATE_COLUMNS ? referenceInputs(data, names) : undefined;
  if (inputs) fitInto(summary, modelKey(names), inputs);
}

const skippedDrift = (columns: string[], note: string): MultivariateDrift => ({
  method: 'pca-reconstruction',
  columns,
  error: null,
  lower: null,
  upper: null,
  drift: false,
  components: 0,
  explainedVariance: null,
  note,
});

/**
 * Multivariate drift of `current` (read with keepRows) against the summary's reference. A summary
 * stored before models were kept, or one for other columns, has no model for them: it is fitted on
 * demand from `referenceData` or by rereading only those columns (asking for the reference when it is
 * not at hand), and `fitted` tells the caller to store it, so this happens once per reference.
 */
export async function multivariateDrift(summary: ReferenceSummary, current: TableData, options: CompareOptions, referenceData?: TableData, readReference?: ReadReferenceRows): Promise<MultivariateOutcome> {
  if (options.multivariate === false) return { fitted: false };
  const names = multivariateColumns(summary, options);
  if (names.length < 2) return { fitted: false, drift: skippedDrift(names, `multivariate drift needs at least 2 columns with values in the reference; this comparison has ${names.length}.`) };
  if (names.length > MAX_MULTIVARIATE_COLUMNS) {
    return { fitted: false, drift: skippedDrift(names, `multivariate drift reads at most ${MAX_MULTIVARIATE_COLUMNS} columns and this comparison has ${names.length}: name the columns to read with --columns (or columns in the options).`) };
  }
  const key = modelKey(names);
  let model = storedModel(summary, key);
  let fitted = false;
  if (!model) {
    let inputs = referenceData && referenceInputs(referenceData, names);
    if (!inputs) {
      if (!readReference) return { needsReference: true };
      inputs = referenceInputs(await readReference(new Set(names)), names);
      if (!inputs) throw new Error('internal: the reference was read without its rows');
    }
    fitInto(summary, key, inputs);
    model = storedModel(summary, key)!;
    fitted = true;
  }
  if (isUnfit(model)) return { fitted, drift: skippedDrift(names, model.unfit) };
  const batch = batchInputs(current, model);
  if (typeof batch === 'string') return { fitted, drift: skippedDrift(names, batch) };
  const score = scoreReconstruction(model, batch);
  const k = model.components.length;
  const ratio = model.explainedVarianceRatio;
  return {
    fitted,
    drift: {
      method: 'pca-reconstruction',
      columns: model.features.map((f) => f.name),
      // NaN for a batch with no rows: nothing to judge.
      error: Number.isNaN(score.error) ? null : score.error,
      lower: score.lower,
      upper: score.upper,
      drift: score.drift,
      components: k,
      explainedVariance: ratio ? ratio.slice(0, k).reduce((s, r) => s + r, 0) : null,
    },
  };
}
