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
import { TableReadError, type TableFormat } from '../data/readers/types';
import type { Store } from '../store/store';
import { readColumnData, type ReadColumnsOptions, type TableData } from './columnData';
import { compareColumns, DriftInputError, planColumns, type CompareOptions } from './compare';
import { addChunkScores, missingChunkScores, summarize, type ReferenceSummary } from './referenceSummary';
import { loadReferenceSummary, saveChunkScores, saveReferenceSummary, summaryKey } from './referenceStore';
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
}

interface Opened {
  file: string;
  format?: TableFormat;
}

async function open(store: Store, source: DriftSource, signal?: AbortSignal): Promise<Opened> {
  if (source.kind === 'file') return { file: source.file };
  // The object has no extension: the format comes from the item's name. Its bytes are verified first.
  const file = await verifiedObjectPath(store.root, source.version.hash, { store, what: `Checking drift of ${source.label}`, signal });
  return { file, format: formatOf(source.version.item) };
}

/** Reads a table; a malformed one is reported under its label (not the object's path in the cache). */
async function read(source: DriftSource, opened: Opened, opts: ReadColumnsOptions): Promise<TableData> {
  try {
    return await readColumnData(opened.file, { ...opts, format: opts.format ?? opened.format });
  } catch (err) {
    if (err instanceof TableReadError && source.kind === 'version') throw new TableReadError(source.label, err.line, err.problem, err.hint);
    throw err;
  }
}

/** Compares `current` with `reference`; see CompareOptions for what can be chosen per column. */
export async function driftBetween(store: Store, reference: DriftSource, current: DriftSource, options: DriftCheckOptions = {}, progress: DriftProgress = {}): Promise<DriftReport> {
  const { signal, onProgress } = progress;
  const readOptions = { ...(options.format ? { format: options.format } : {}), ...(options.csv ? { csv: options.csv } : {}) };
  const key = summaryKey(readOptions);
  // A version's hash is known: its object is opened only when the summary must be computed.
  const refHash = reference.kind === 'version' ? reference.version.hash : await hashForCheck(reference.file, { signal });
  let opened: Opened | undefined;
  const ref = async () => (opened ??= await open(store, reference, signal));
  const learning = Object.values(options.perColumn ?? {}).some((c) => c.threshold === 'reference');

  let summary: ReferenceSummary | undefined = loadReferenceSummary(store, refHash, key);
  let refData: TableData | undefined;
  const refShare = summary ? 0 : 0.5;
  if (!summary) {
    refData = await read(reference, await ref(), { ...readOptions, signal, keepRowOrder: learning, onProgress: (f) => onProgress?.(f * refShare, `reading ${reference.label}`) });
    summary = summarize(refHash, refData);
    saveReferenceSummary(store, key, summary);
  }

  const cur = await open(store, current, signal);
  const curData = await read(current, cur, { ...readOptions, signal, onProgress: (f) => onProgress?.(refShare + f * (1 - refShare), `reading ${current.label}`) });

  if (learning) {
    // Chunk scores for the tests the batch's columns use, computed once per reference and test.
    const needed = planColumns(summary, curData, options)
      .filter((p) => !p.problem && options.perColumn?.[p.name]?.threshold === 'reference')
      .map((p) => ({ column: p.name, test: p.test }));
    const missing = missingChunkScores(summary, needed);
    if (missing.length) {
      const names = new Set(missing.map((m) => m.column));
      const data = refData ?? (await read(reference, await ref(), { ...readOptions, signal, keepRowOrder: true, include: (n) => names.has(n) }));
      if (!data.columns.some((c) => c.rowOrder)) throw new Error('internal: the reference was read without its row order');
      addChunkScores(summary, data, missing);
      saveChunkScores(store, key, summary);
    }
  }
  onProgress?.(1, 'compared');
  return compareColumns(summary, curData, options, { reference: reference.label, current: current.label });
}
