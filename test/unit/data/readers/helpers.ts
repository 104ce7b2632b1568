import * as path from 'node:path';
import { openTable, type OpenTableOptions } from '../../../../src/core/data/readers/openTable';
import type { Table, TableRow } from '../../../../src/core/data/readers/types';

export const fixture = (name: string) => path.resolve(__dirname, '../../../fixtures/tables', name);

/** Opens a table and reads every row. */
export async function readAll(file: string, opts?: OpenTableOptions): Promise<{ table: Table; rows: TableRow[] }> {
  const table = await openTable(file, opts);
  const rows: TableRow[] = [];
  for await (const r of table) rows.push(r);
  return { table, rows };
}
