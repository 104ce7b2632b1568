// What `mlops profile` and `mlops validate` read: a file path, a dataset version (NAME@3,
// NAME:ITEM@2, NAME@<hash>), or a declared dataset's working files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlopsConfig } from '../../core/config/types';
import { DatasetError, resolveDataset } from '../../core/data/datasetItems';
import { parseDatasetRef, resolveDatasetRef } from '../../core/data/datasetRef';
import type { DatasetVersion } from '../../core/data/datasetVersions';
import { formatOf } from '../../core/data/readers/openTable';
import type { Store } from '../../core/store/store';
import { UsageError } from '../command';

export type QualityTarget =
  | { kind: 'file'; file: string; label: string; dataset?: string }
  | { kind: 'version'; version: DatasetVersion; label: string };

/** The dataset a target belongs to, if any: its expectations and read options apply. */
export function targetDataset(t: QualityTarget): string | undefined {
  return t.kind === 'version' ? t.version.dataset : t.dataset;
}

/** The dataset whose working files include `abs`, if any: its expectations apply to the file. */
export function datasetOfFile(root: string, config: MlopsConfig, abs: string): string | undefined {
  for (const name of Object.keys(config.datasets)) {
    try {
      if (resolveDataset(root, config, name).items.some((i) => i.kind === 'file' && path.resolve(i.abs) === abs)) return name;
    } catch {
      // A dataset declared outside the workspace is reported by `mlops data`; here it just does not match.
    }
  }
  return undefined;
}

/** A declared dataset with no working file yet: a fresh workspace before its data is added. */
export class NoDatasetFileError extends UsageError {}

/** The working files of a declared dataset (a file, or each match of a glob). */
export function workingFiles(root: string, config: MlopsConfig, name: string): QualityTarget[] {
  const d = resolveDataset(root, config, name);
  if (d.shape === 'directory') throw new UsageError(`Dataset "${name}" is a folder (${d.declared}).`, 'Declare its table files as a glob dataset (e.g. "data/*.csv") to profile or validate them.');
  const files = d.items.filter((i) => fs.existsSync(i.abs));
  if (!files.length) throw new NoDatasetFileError(`Dataset "${name}": no file at ${d.declared}.`, 'Check its "path" in mlops.json, or restore a version with `mlops data checkout`.');
  return files.map((i) => ({ kind: 'file', file: i.abs, label: i.item, dataset: name }));
}

/**
 * Resolves an argument: an existing path is a file; NAME@V a stored version; a bare NAME the
 * dataset's working files (what CI has checked out), so no store is needed for them.
 */
export function resolveTargets(root: string, config: MlopsConfig, arg: string, cwd: string, openStore: () => Store): QualityTarget[] {
  const abs = path.resolve(cwd, arg);
  if (fs.existsSync(abs)) {
    if (fs.statSync(abs).isDirectory()) throw new UsageError(`${arg} is a folder.`, 'Name a table file (.csv, .tsv, .jsonl, .parquet) or a dataset.');
    return [{ kind: 'file', file: abs, label: path.relative(cwd, abs) || arg, dataset: datasetOfFile(root, config, abs) }];
  }
  if (!arg.includes('@') && !arg.includes(':') && (/[\\/]/.test(arg) || formatOf(arg))) throw new UsageError(`${arg}: no such file.`, 'Check the path, or name a dataset (NAME or NAME@3).');
  let ref;
  try {
    ref = parseDatasetRef(arg);
  } catch {
    throw new UsageError(`${arg}: no such file, and not a dataset reference.`, 'Give a file path, a dataset NAME, or a version as NAME@3, NAME:ITEM@3 or NAME@<hash prefix>.');
  }
  if (ref.at === undefined && ref.item === undefined) {
    if (!config.datasets[ref.dataset]) {
      const known = Object.keys(config.datasets);
      throw new UsageError(`${arg}: no such file, and no dataset "${arg}" in mlops.json${known.length ? ` (declared: ${known.join(', ')})` : ''}.`, 'Give a file path, or declare the dataset with `mlops data add PATH --name NAME`.');
    }
    return workingFiles(root, config, ref.dataset);
  }
  const store = openStore();
  try {
    const version = resolveDatasetRef(store, ref);
    if (version.kind !== 'file') throw new UsageError(`${arg} is a version of a folder.`, 'Name one of its files: declare them as a glob dataset.');
    return [{ kind: 'version', version, label: `${version.dataset}:${version.item}@${version.version}` }];
  } catch (err) {
    if (err instanceof DatasetError) throw new UsageError(err.message);
    throw err;
  }
}
