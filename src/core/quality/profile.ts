// A table's profile, computed in one streaming pass over its batches: bounded memory, progress,
// cancellation. Exact figures equal numpy's; past the bounds, sketches say how far off they may be.
import { openTable, type OpenTableOptions } from '../data/readers/openTable';
import type { Table } from '../data/readers/types';
import type { ColumnAccumulator } from './columnAccumulator';
import { columnAccumulator, finishProfile, ProfileAborted } from './profileAccumulators';
import { profileCsv } from './profileCsv';
import type { TableProfile } from '../../shared/profileTypes';
import type { ProfileOptions } from './profileOptions';

export type { ColumnProfile, TableProfile } from '../../shared/profileTypes';
export type { ProfileOptions } from './profileOptions';
export { ProfileAborted };

export async function profileTable(table: Table, opts: ProfileOptions = {}): Promise<TableProfile> {
  const cols: ColumnAccumulator[] = [];
  let rows = 0;
  let ragged = 0;
  try {
    for await (const batch of table.batches()) {
      if (opts.signal?.aborted) throw new ProfileAborted();
      for (const row of batch) {
        if (row.ragged) {
          ragged++;
          continue;
        }
        const values = row.values;
        // A JSONL column first seen late: its earlier rows count as null (nulls = rows - count).
        while (cols.length < values.length) cols.push(columnAccumulator(Math.max(values.length, table.columns.length), opts));
        for (let i = 0; i < values.length; i++) cols[i].add(values[i]);
        rows++;
      }
      opts.onProgress?.(table.progress(), rows);
    }
  } finally {
    await table.close();
  }
  return finishProfile(table, cols, rows, ragged, opts);
}

/** A table file's profile; CSV is read as bytes (profileCsv), the other formats row by row. */
export async function profileFile(file: string, opts: ProfileOptions & OpenTableOptions = {}): Promise<TableProfile> {
  const table = await openTable(file, opts);
  return table.format === 'csv' ? profileCsv(table, opts, opts.csv) : profileTable(table, opts);
}
