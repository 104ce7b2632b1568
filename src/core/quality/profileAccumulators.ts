// What every profile pass shares, whatever reads the cells: one accumulator per column within a
// memory budget, and the finished profile.
import { manyRagged, raggedNotice } from '../data/readers/raggedRows';
import type { Table } from '../data/readers/types';
import { ColumnAccumulator } from './columnAccumulator';
import type { TableProfile } from '../../shared/profileTypes';
import type { ProfileOptions } from './profileOptions';

/** Numbers kept for exact quantiles across all columns (8 bytes each): about 160 MB at most. */
const NUMBER_BUDGET = 20_000_000;

export class ProfileAborted extends Error {
  constructor() {
    super('Profiling was cancelled.');
    this.name = 'AbortError';
  }
}

/** Numbers kept for exact figures per column: the budget split so a wide table stays bounded too. */
export function exactNumbersPerColumn(width: number, opts: ProfileOptions): number {
  const exactNumbers = opts.exactNumbersLimit ?? 5_000_000;
  return width ? Math.min(exactNumbers, Math.max(opts.sampleSize ?? 100_000, Math.floor(NUMBER_BUDGET / width))) : exactNumbers;
}

/**
 * One accumulator per column. `share` < 1 for one of several parts of a file: the parts together keep
 * about the budget, and the merged figures are still exact whenever one pass's would be.
 */
export function columnAccumulators(width: number, opts: ProfileOptions, share = 1): ColumnAccumulator[] {
  return Array.from({ length: width }, () => columnAccumulator(width, opts, share));
}

/** One column's accumulator in a table `width` columns wide. */
export function columnAccumulator(width: number, opts: ProfileOptions, share = 1): ColumnAccumulator {
  const sampleSize = opts.sampleSize ?? 100_000;
  const exactNumbers = Math.max(sampleSize, Math.ceil(exactNumbersPerColumn(width, opts) * share));
  return new ColumnAccumulator(opts.distinctLimit ?? 100_000, exactNumbers, sampleSize);
}

export function finishProfile(table: Table, cols: ColumnAccumulator[], rows: number, ragged: number, opts: ProfileOptions): TableProfile {
  while (cols.length < table.columns.length) cols.push(columnAccumulator(table.columns.length, opts));
  const notes = [...table.notices, ...(manyRagged(ragged) ? [raggedNotice(ragged, rows + ragged)] : [])];
  return {
    rows,
    columns: table.columns.map((name, i) => cols[i].finish(name, rows)),
    raggedRows: ragged,
    format: table.format,
    ...(notes.length ? { notes } : {}),
  };
}
