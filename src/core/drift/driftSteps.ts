// The two heavy steps of a drift check, as pure computation over files (no store): summarizing the
// reference and comparing a batch with that summary. driftBetween runs them in-thread or hands
// them to a worker (driftOnWorker); either way the caller loads and saves the summary in its store.
import type { CsvReadOptions } from '../data/readers/datasetReadOptions';
import { TableReadError, type TableFormat } from '../data/readers/types';
import { readColumnData, type ReadColumnsOptions, type TableData } from './columnData';
import { compareColumns, planColumns, type CompareLabels, type CompareOptions } from './compare';
import { fitReferenceModel, multivariateDrift } from './multivariateDrift';
import { addChunkScores, missingChunkScores, summarize, type ReferenceSummary } from './referenceSummary';
import type { DriftReport } from './reportTypes';

/** A table file as a step reads it. */
export interface TableToRead {
  file: string;
  /** From the dataset item's name when the file is an object with no extension. */
  format?: TableFormat;
  /** Read errors name this instead of the file (a cached object's path means nothing to the user). */
  errorLabel?: string;
}

/** The read options both tables share (they key the stored summary). */
export interface DriftReadOptions {
  format?: TableFormat;
  csv?: CsvReadOptions;
}

export interface SummarizeArgs {
  reference: TableToRead;
  hash: string;
  readOptions: DriftReadOptions;
  /** Keep row order: thresholds learned from the reference's chunks need it. */
  keepRowOrder: boolean;
  /** The check's options: the multivariate model is fitted on the columns they compare (none when absent). */
  options?: CompareOptions;
}

export interface CompareBatchArgs {
  summary: ReferenceSummary;
  current: TableToRead;
  /** The reference, when it is at hand: needed only to score chunks the summary lacks. */
  reference?: TableToRead;
  readOptions: DriftReadOptions;
  options: CompareOptions;
  labels: CompareLabels;
}

/** The report, or, when chunk scores are missing and no reference was given, a request for it. */
export type CompareOutcome =
  | { report: DriftReport; chunkScores?: ReferenceSummary['chunkScores']; multivariate?: ReferenceSummary['multivariate'] }
  | { needsReference: true };

export interface StepProgress {
  signal?: AbortSignal;
  /** 0 to 1 over the table the step reads. */
  onProgress?: (fraction: number) => void;
}

/** Reads a table; a malformed one is reported under its label when it has one. */
export async function readTable(t: TableToRead, opts: ReadColumnsOptions): Promise<TableData> {
  try {
    return await readColumnData(t.file, { ...opts, format: opts.format ?? t.format });
  } catch (err) {
    if (err instanceof TableReadError && t.errorLabel !== undefined) throw new TableReadError(t.errorLabel, err.line, err.problem, err.hint);
    throw err;
  }
}

/** Reads the reference and returns its summary, with the data read (for chunk scores in-thread). */
export async function summarizeReferenceData(a: SummarizeArgs, p: StepProgress = {}): Promise<{ summary: ReferenceSummary; data: TableData }> {
  const keepRows = a.options !== undefined && a.options.multivariate !== false;
  const data = await readTable(a.reference, { ...a.readOptions, signal: p.signal, keepRowOrder: a.keepRowOrder, keepRows, onProgress: p.onProgress });
  const summary = summarize(a.hash, data);
  if (keepRows) fitReferenceModel(summary, data, a.options);
  return { summary, data };
}

export async function summarizeReference(a: SummarizeArgs, p: StepProgress = {}): Promise<ReferenceSummary> {
  return (await summarizeReferenceData(a, p)).summary;
}

/**
 * Reads the batch and compares it with the summary. Thresholds learned from the reference need its
 * chunk scores: those the summary lacks are scored from `referenceData` (already read) or by reading
 * the reference's columns; they come back beside the report for the caller to store.
 */
export async function compareBatch(a: CompareBatchArgs, p: StepProgress = {}, referenceData?: TableData): Promise<CompareOutcome> {
  const { summary, options } = a;
  const curData = await readTable(a.current, { ...a.readOptions, signal: p.signal, keepRows: options.multivariate !== false, onProgress: p.onProgress });
  let chunkScores: ReferenceSummary['chunkScores'] | undefined;
  if (Object.values(options.perColumn ?? {}).some((c) => c.threshold === 'reference')) {
    // Chunk scores for the tests the batch's columns use, computed once per reference and test.
    const needed = planColumns(summary, curData, options)
      .filter((c) => !c.problem && options.perColumn?.[c.name]?.threshold === 'reference')
      .map((c) => ({ column: c.name, test: c.test }));
    const missing = missingChunkScores(summary, needed);
    if (missing.length) {
      if (!referenceData && !a.reference) return { needsReference: true };
      const names = new Set(missing.map((m) => m.column));
      const data = referenceData ?? (await readTable(a.reference!, { ...a.readOptions, signal: p.signal, keepRowOrder: true, include: (n) => names.has(n) }));
      if (!data.columns.some((c) => c.rowOrder)) throw new Error('internal: the reference was read without its row order');
      addChunkScores(summary, data, missing);
      chunkScores = summary.chunkScores;
    }
  }
  const readRows = a.reference && ((names: ReadonlySet<string>) => readTable(a.reference!, { ...a.readOptions, signal: p.signal, keepRows: true, include: (n) => names.has(n) }));
  // Compared first: options that cannot apply are refused before any model is fitted.
  const report = compareColumns(summary, curData, options, a.labels);
  const multivariate = await multivariateDrift(summary, curData, options, referenceData, readRows);
  if ('needsReference' in multivariate) return multivariate;
  if (multivariate.drift) report.multivariate = multivariate.drift;
  return { report, ...(chunkScores ? { chunkScores } : {}), ...(multivariate.fitted ? { multivariate: summary.multivariate } : {}) };
}

/** Where the two steps run: in-thread (driftBetween's default) or on a worker. */
export interface DriftSteps {
  summarize(a: SummarizeArgs, p: StepProgress): Promise<ReferenceSummary>;
  compare(a: CompareBatchArgs, p: StepProgress): Promise<CompareOutcome>;
  /** Files this big are hashed (a file reference, a version's object check) on a worker too. */
  offThreadBytes?: number;
}

/** The steps in-thread: the reference read for its summary also scores its chunks, unread twice. */
export function inThreadSteps(): DriftSteps {
  let refData: TableData | undefined;
  return {
    summarize: async (a, p) => {
      const r = await summarizeReferenceData(a, p);
      if (a.keepRowOrder) refData = r.data;
      return r.summary;
    },
    compare: (a, p) => compareBatch(a, p, refData),
  };
}
