// A table's profile, computed in one streaming pass over its batches: bounded memory, progress,
// cancellation. Exact figures equal numpy's; past the bounds, sketches say how far off they may be.
import { openTable, type OpenTableOptions } from '../data/readers/openTable';
import type { Table } from '../data/readers/types';
import { ColumnAccumulator } from './columnAccumulator';
import type { ProfileOptions, TableProfile } from './profileTypes';

export * from './profileTypes';

/** Numbers kept for exact quantiles across all columns (8 bytes each): about 160 MB at most. */
const NUMBER_BUDGET = 20_000_000;

export class ProfileAborted extends Error {
  constructor() {
    super('Profiling was cancelled.');
    this.name = 'AbortError';
  }
}

export async function profileTable(table: Table, opts: ProfileOptions = {}): Promise<TableProfile> {
  const distinctLimit = opts.distinctLimit ?? 100_000;
  const sampleSize = opts.sampleSize ?? 100_000;
  const cols: ColumnAccumulator[] = [];
  let exactNumbers = opts.exactNumbersLimit ?? 5_000_000;
  let rows = 0;
  let ragged = 0;
  try {
    for await (const batch of table.batches()) {
      if (opts.signal?.aborted) throw new ProfileAborted();
      if (!cols.length && table.columns.length) {
        // Split the budget so a wide table stays bounded too.
        exactNumbers = Math.min(exactNumbers, Math.max(sampleSize, Math.floor(NUMBER_BUDGET / table.columns.length)));
      }
      for (const row of batch) {
        if (row.ragged) {
          ragged++;
          continue;
        }
        const values = row.values;
        // A JSONL column first seen late: its earlier rows count as null (nulls = rows - count).
        while (cols.length < values.length) cols.push(new ColumnAccumulator(distinctLimit, exactNumbers, sampleSize));
        for (let i = 0; i < values.length; i++) cols[i].add(values[i]);
        rows++;
      }
      opts.onProgress?.(table.progress(), rows);
    }
  } finally {
    await table.close();
  }
  while (cols.length < table.columns.length) cols.push(new ColumnAccumulator(distinctLimit, exactNumbers, sampleSize));
  return {
    rows,
    columns: table.columns.map((name, i) => cols[i].finish(name, rows)),
    raggedRows: ragged,
    format: table.format,
  };
}

export async function profileFile(file: string, opts: ProfileOptions & OpenTableOptions = {}): Promise<TableProfile> {
  return profileTable(await openTable(file, opts), opts);
}
