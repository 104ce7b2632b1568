// Expectations checked on every new dataset version (Great Expectations' checkpoint on arrival): the
// CLI's `data version` / `data watch` and the extension's automatic validation share these functions.
import type { Expectation, MlopsConfig } from '../config/types';
import { latestVersion, versionedItems, type DatasetVersion } from '../data/datasetVersions';
import { objectPath } from '../data/objectCache';
import { datasetCsvOptions, type CsvReadOptions } from '../data/readers/datasetReadOptions';
import { formatOf } from '../data/readers/openTable';
import { TableReadError, type TableFormat } from '../data/readers/types';
import type { VersionResult } from '../data/versionDataset';
import type { Store } from '../store/store';
import { validateFile, type ValidationResult } from './validate';
import { latestValidation, saveValidation } from './validationStore';

/** What validating one table takes: the caller picks the thread (the extension host uses a worker). */
export interface TableValidation {
  file: string;
  expectations: Expectation[];
  format?: TableFormat;
  label?: string;
  /** The dataset's CSV lines to skip and comment character (mlops.json). */
  csv?: CsvReadOptions;
  /** The dataset's "allowRagged". */
  allowRagged?: boolean;
}
export type ValidateTable = (args: TableValidation, signal?: AbortSignal, onProgress?: (fraction: number, rows: number) => void) => Promise<ValidationResult>;

export interface VersionValidation {
  version: DatasetVersion;
  expectations: Expectation[];
  result: ValidationResult;
}

export interface ValidateVersionsOptions {
  /** Defaults to validating on the calling thread. */
  validate?: ValidateTable;
  signal?: AbortSignal;
  /** The share of the current version's bytes read, and its rows so far. */
  onProgress?: (version: DatasetVersion, fraction: number, rows: number) => void;
  /** Each version's outcome as soon as it is stored. */
  onValidated?: (v: VersionValidation) => void;
}

const inThread: ValidateTable = (a, signal, onProgress) => validateFile(a.file, a.expectations, { format: a.format, label: a.label, csv: a.csv, allowRagged: a.allowRagged, signal, onProgress });

/** A version can be validated when its dataset has expectations and it is one file of a known table format. */
function validatable(config: MlopsConfig, v: DatasetVersion): boolean {
  return v.kind === 'file' && (config.expectations[v.dataset]?.length ?? 0) > 0 && formatOf(v.item) !== undefined;
}

/** The versions a versioning created that have expectations to check. */
export function createdVersionsToValidate(config: MlopsConfig, result: VersionResult): DatasetVersion[] {
  return result.items.flatMap((i) => (i.state === 'created' && i.version && validatable(config, i.version) ? [i.version] : []));
}

/** Whether a version's newest stored validation checked exactly these expectations. */
export function validatedWith(store: Store, versionId: number, expectations: Expectation[]): ValidationResult | undefined {
  const last = latestValidation(store, versionId);
  return last && JSON.stringify(last.expectations) === JSON.stringify(expectations) ? last.result : undefined;
}

/**
 * The latest version of each item of every dataset with expectations, with the stored result when
 * its newest validation checked the current expectations (else `result` is undefined: it is due).
 */
export function latestVersionsToCheck(store: Store, config: MlopsConfig): { version: DatasetVersion; result?: ValidationResult }[] {
  const out: { version: DatasetVersion; result?: ValidationResult }[] = [];
  for (const [dataset, expectations] of Object.entries(config.expectations)) {
    if (!expectations.length || !config.datasets[dataset]) continue;
    for (const { item } of versionedItems(store, dataset)) {
      const v = latestVersion(store, dataset, item);
      if (v && validatable(config, v)) out.push({ version: v, result: validatedWith(store, v.id, expectations) });
    }
  }
  return out;
}

/** An unreadable table fails its validation: the reader's problem is the reason, at its line. */
function unreadable(v: DatasetVersion, err: TableReadError): ValidationResult {
  return { success: false, file: v.item, rows: 0, results: [], problems: [{ line: Math.max(err.line, 1), message: err.problem }] };
}

/**
 * Validates each version's stored bytes against its dataset's expectations in mlops.json and stores
 * the outcome. One version at a time; cancelling stops before the next (nothing half-stored).
 */
export async function validateVersions(store: Store, config: MlopsConfig, versions: DatasetVersion[], opts: ValidateVersionsOptions = {}): Promise<VersionValidation[]> {
  const validate = opts.validate ?? inThread;
  const done: VersionValidation[] = [];
  for (const version of versions) {
    opts.signal?.throwIfAborted();
    const expectations = config.expectations[version.dataset] ?? [];
    if (!validatable(config, version)) continue;
    let result: ValidationResult;
    try {
      const onProgress = opts.onProgress && ((fraction: number, rows: number) => opts.onProgress!(version, fraction, rows));
      const declared = config.datasets[version.dataset];
      const read = { csv: datasetCsvOptions(declared), allowRagged: declared?.allowRagged === true };
      result = await validate({ file: objectPath(store.root, version.hash), expectations, format: formatOf(version.item), label: version.item, ...read }, opts.signal, onProgress);
    } catch (err) {
      if (!(err instanceof TableReadError) || opts.signal?.aborted) throw err;
      result = unreadable(version, err);
    }
    saveValidation(store, version.id, expectations, result);
    const v = { version, expectations, result };
    done.push(v);
    opts.onValidated?.(v);
  }
  return done;
}

/** Validates (and stores) the versions a versioning created, for datasets with expectations. */
export function validateNewVersions(store: Store, config: MlopsConfig, result: VersionResult, opts: ValidateVersionsOptions = {}): Promise<VersionValidation[]> {
  return validateVersions(store, config, createdVersionsToValidate(config, result), opts);
}

/** The expectations a result failed (severity error), for messages and badges. */
export function failedExpectations(result: ValidationResult): ValidationResult['results'] {
  return result.results.filter((r) => !r.success && r.severity === 'error');
}
