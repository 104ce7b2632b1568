// A drift check for callers (the CLI, monitors, the editor): two tables, each a dataset version or a
// file, compared column by column. The reference is summarized once per content (and read options)
// and kept in the store, so the next check against it reads only the batch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDatasetRef, resolveDatasetRef } from '../data/datasetRef';
import type { DatasetVersion } from '../data/datasetVersions';
import { hashForCheck, verifiedObjectPath } from '../data/objectIntegrity';
import type { CsvReadOptions } from '../data/readers/datasetReadOptions';
import { formatOf } from '../data/readers/openTable';
import type { TableFormat } from '../data/readers/types';
import type { Store } from '../store/store';
import { DriftInputError, type CompareOptions } from './compare';
import { inThreadSteps, type DriftSteps, type TableToRead } from './driftSteps';
import type { ReferenceSummary } from './referenceSummary';
import { loadReferenceSummary, saveChunkScores, saveMultivariateModels, saveReferenceSummary, summaryKey } from './referenceStore';
import type { DriftReport } from './reportTypes';

/** What a check reads: a stored dataset version (`train@3`, `incoming:batch-07.csv@1`) or a table file. */
export type DriftSource = { kind: 'version'; version: DatasetVersion; label: string } | { kind: 'file'; file: string; label: string };

/** A path that exists is a file; anything else a dataset reference (latest version when no @). */
export function resolveDriftSource(store: Store, text: string, cwd: string): DriftSource {
  const abs = path.resolve(cwd, text);
  if (fs.existsSync(abs)) {
    if (fs.statSync(abs).isDirectory()) throw new DriftInputError(`${text} is a folder: name a table file (.csv, .tsv, .jsonl, .parquet) or a dataset version.`);
    return { kind: 'file', file: abs, label: path.relative(cwd, abs) || text };
  }
  const version = resolveDatasetRef(store, parseDatasetRef(text));
  if (version.kind !== 'file') throw new DriftInputError(`${text} is a version of a folder: name one of its files as NAME:ITEM@V.`);
  return { kind: 'version', version, label: `${version.dataset}:${version.item}@${version.version}` };
}

export interface DriftCheckOptions extends CompareOptions {
  /** Read both tables as this format (default: from the file's or item's extension). */
  format?: TableFormat;
  /** CSV lines to skip and comment character, for the reference and the batch. */
  csv?: CsvReadOptions;
}

export interface DriftProgress {
  signal?: AbortSignal;
  /** 0 to 1 over the whole check, with what is being read. */
  onProgress?: (fraction: number, what: string) => void;
  /** Where the reading and comparing run (default in-thread; see driftOnWorker). */
  steps?: DriftSteps;
}

async function open(store: Store, source: DriftSource, signal?: AbortSignal, offThreadBytes?: number): Promise<TableToRead> {
  if (source.kind === 'file') return { file: source.file };
  // The object has no extension: the format comes from the item's name. Its bytes are verified first,
  // and a malformed table is reported under its label (not the object's path in the cache).
  const file = await verifiedObjectPath(store.root, source.version.hash, { store, what: `Checking drift of ${source.label}`, signal, offThreadBytes });
  return { file, format: formatOf(source.version.item), errorLabel: source.label };
}

/**
 * Compares `current` with `reference`; see CompareOptions for what can be chosen per column. The
 * reading and comparing run through `progress.steps` (in-thread by default; driftOnWorker hands them
 * to a worker); the summary is loaded and saved here, in one transaction once the check is done, so
 * a cancelled or failed check stores nothing.
 */
export async function driftBetween(store: Store, reference: DriftSource, current: DriftSource, options: DriftCheckOptions = {}, progress: DriftProgress = {}): Promise<DriftReport> {
  const { signal, onProgress } = progress;
  const steps = progress.steps ?? inThreadSteps();
  const readOptions = { ...(options.format ? { format: options.format } : {}), ...(options.csv ? { csv: options.csv } : {}) };
  const key = summaryKey(readOptions);
  // A version's hash is known: its object is opened only when the summary must be computed.
  const refHash = reference.kind === 'version' ? reference.version.hash : await hashForCheck(reference.file, { signal, offThreadBytes: steps.offThreadBytes });
  let opened: TableToRead | undefined;
  const learning = Object.values(options.perColumn ?? {}).some((c) => c.threshold === 'reference');

  const stored = loadReferenceSummary(store, refHash, key);
  let summary: ReferenceSummary;
  const refShare = stored ? 0 : 0.5;
  if (stored) summary = stored;
  else {
    opened = await open(store, reference, signal, steps.offThreadBytes);
    summary = await steps.summarize({ reference: opened, hash: refHash, readOptions, keepRowOrder: learning, options }, { signal, onProgress: (f) => onProgress?.(f * refShare, `reading ${reference.label}`) });
  }

  // A column whose threshold is learned and that has no chunk scores yet needs the reference too.
  const unscored = Object.entries(options.perColumn ?? {}).some(([name, c]) => c.threshold === 'reference' && !summary.chunkScores[name]);
  if (!opened && unscored) opened = await open(store, reference, signal, steps.offThreadBytes);
  const cur = await open(store, current, signal, steps.offThreadBytes);
  const compare = async () =>
    steps.compare(
      { summary, current: cur, reference: opened, readOptions, options, labels: { reference: reference.label, current: current.label } },
      { signal, onProgress: (f) => onProgress?.(refShare + f * (1 - refShare), `reading ${current.label}`) },
    );
  let outcome = await compare();
  // Chunk scores the stored summary lacks are learned from the reference, opened only now.
  if ('needsReference' in outcome) {
    opened = await open(store, reference, signal, steps.offThreadBytes);
    outcome = await compare();
    if ('needsReference' in outcome) throw new Error('internal: the reference was given and still asked for');
  }
  signal?.throwIfAborted();
  if (outcome.chunkScores) summary.chunkScores = outcome.chunkScores;
  if (outcome.multivariate) summary.multivariate = outcome.multivariate;
  store.transaction(() => {
    if (!stored) saveReferenceSummary(store, key, summary);
    else if (outcome.chunkScores) saveChunkScores(store, key, summary);
    if (stored && outcome.multivariate) saveMultivariateModels(store, key, summary);
  });
  onProgress?.(1, 'compared');
  return outcome.report;
}
