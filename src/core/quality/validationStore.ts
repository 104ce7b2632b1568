// Validation results kept per dataset version: the newest row of a version is its current state.
import type { Expectation } from '../config/types';
import type { DatasetVersion } from '../data/datasetVersions';
import { objectPath } from '../data/objectCache';
import { formatOf } from '../data/readers/openTable';
import type { Store } from '../store/store';
import { validateFile, type ValidateOptions, type ValidationResult } from './validate';

export function saveValidation(store: Store, versionId: number, expectations: Expectation[], result: ValidationResult): void {
  store.db
    .prepare('INSERT INTO validations (dataset_version_id, expectations_json, success, result_json, validated_at) VALUES (?, ?, ?, ?, ?)')
    .run(versionId, JSON.stringify(expectations), result.success ? 1 : 0, JSON.stringify(result), Date.now());
}

/** The newest validation of a version, with the expectations it checked. */
export function latestValidation(store: Store, versionId: number): { expectations: Expectation[]; result: ValidationResult; validatedAt: number } | undefined {
  const row = store.db
    .prepare('SELECT expectations_json, result_json, validated_at FROM validations WHERE dataset_version_id = ? ORDER BY validated_at DESC, id DESC LIMIT 1')
    .get<{ expectations_json: string; result_json: string; validated_at: number }>(versionId);
  return row ? { expectations: JSON.parse(row.expectations_json) as Expectation[], result: JSON.parse(row.result_json) as ValidationResult, validatedAt: row.validated_at } : undefined;
}

/** Validates a file dataset version's bytes (from the object cache) and stores the outcome. */
export async function validateVersion(store: Store, version: DatasetVersion, expectations: Expectation[], opts: ValidateOptions = {}): Promise<ValidationResult> {
  if (version.kind !== 'file') throw new Error(`${version.dataset}:${version.item}@${version.version} is a folder: validate one of its files.`);
  // Named by the item, not the object path, so messages point where the user looks.
  const result = await validateFile(objectPath(store.root, version.hash), expectations, { ...opts, format: opts.format ?? formatOf(version.item), label: opts.label ?? version.item });
  saveValidation(store, version.id, expectations, result);
  return result;
}
