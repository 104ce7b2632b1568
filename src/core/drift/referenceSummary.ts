// Everything a check needs from a reference, computed once from its table and kept in the store:
// per column the sorted finite values or the category counts with the missing counts, and, for
// learned thresholds, the chunk scores of each test asked for.
import type { ColumnData, TableData } from './columnData';
import { chunkScores, DEFAULT_CHUNKS } from './learnedThreshold';
import type { TestInfo } from './registry';
import type { DriftTestName } from './types';

export interface ReferenceSummary {
  /** Content hash of the reference file (the object hash of a dataset version). */
  hash: string;
  rows: number;
  /** Each column as a check compares it (without its row order). */
  columns: ColumnData[];
  /** How many chunks the chunk scores come from. */
  chunks: number;
  /** Per column, per test: the score of each chunk against the whole reference. */
  chunkScores: Record<string, Partial<Record<DriftTestName, number[]>>>;
  /** Multivariate drift models as JSON, by column set (multivariateDrift.ts fits and reads them). */
  multivariate?: Record<string, unknown>;
}

/** The summary of a reference read by readColumnData (its row order, if kept, is dropped here). */
export function summarize(hash: string, data: TableData, chunks = DEFAULT_CHUNKS): ReferenceSummary {
  const columns = data.columns.map((c): ColumnData => ({ ...c, rowOrder: undefined, ...(c.rows ? { rows: undefined } : {}) }));
  return { hash, rows: data.rows, columns, chunks, chunkScores: {} };
}

/** The tests whose chunk scores the summary lacks, per column. */
export function missingChunkScores(summary: ReferenceSummary, needed: readonly { column: string; test: TestInfo }[]): { column: string; test: TestInfo }[] {
  return needed.filter((n) => summary.chunkScores[n.column]?.[n.test.name] === undefined);
}

/** Scores the chunks of `data` (read with keepRowOrder) for the tests named, into the summary. */
export function addChunkScores(summary: ReferenceSummary, data: TableData, needed: readonly { column: string; test: TestInfo }[]): void {
  for (const { column, test } of needed) {
    const c = data.columns.find((x) => x.name === column);
    if (!c) continue;
    (summary.chunkScores[column] ??= {})[test.name] = chunkScores(test, c, summary.chunks);
  }
}
