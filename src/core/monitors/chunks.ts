// A batch split into chunks as a monitor's "chunk" says: every N rows, or by the calendar day, ISO
// week or month (UTC) of a timestamp column. The batch is read once; each chunk is then a table of
// its own, in time order, for the drift engine to read like any file.
import type { MonitorConfig } from '../config/types';
import { parseDatetime } from '../data/readers/inferTypes';
import { TableReadError, type Cell, type Table, type TableRow } from '../data/readers/types';

export type ChunkSpec = NonNullable<MonitorConfig['chunk']>;

/** "2026-03-02" (day), "2026-W10" (ISO week, Monday first), "2026-03" (month), all in UTC. */
export function periodLabel(ms: number, period: 'day' | 'week' | 'month'): string {
  const d = new Date(ms);
  if (period === 'day') return d.toISOString().slice(0, 10);
  if (period === 'month') return d.toISOString().slice(0, 7);
  // ISO 8601 week: the week holding the year's first Thursday is week 1.
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

function timeOf(cell: Cell | undefined): number | null {
  if (typeof cell === 'string') return parseDatetime(cell.trim());
  // A number in a timestamp column: epoch milliseconds (as JSONL and Parquet often hold them).
  if (typeof cell === 'number' && Number.isFinite(cell)) return cell;
  return null;
}

export interface TableChunk {
  label: string;
  table: Table;
}

/** A table over rows already read, so readers of tables need no file for a chunk. */
function rowsTable(source: Table, columns: string[], rows: TableRow[]): Table {
  const t: Table = {
    path: source.path,
    format: source.format,
    columns,
    notices: [],
    problemCount: 0,
    problems: [],
    async *batches() {
      yield rows;
    },
    async *[Symbol.asyncIterator]() {
      for await (const batch of t.batches()) yield* batch;
    },
    progress: () => 1,
    close: () => Promise.resolve(),
  };
  return t;
}

/**
 * Reads `table` to its end and splits its rows into chunks. A timestamp that does not parse names the
 * row's line (the batch fails its check there, as any unreadable cell would).
 */
export async function splitTable(table: Table, spec: ChunkSpec, label = table.path): Promise<TableChunk[]> {
  const buckets = new Map<string, TableRow[]>();
  let index = 0;
  let column = -1;
  try {
    for await (const batch of table.batches()) {
      if ('column' in spec && column < 0) {
        column = table.columns.indexOf(spec.column);
        if (column < 0) throw new TableReadError(label, 0, `the chunk column "${spec.column}" is not in the batch (columns: ${table.columns.slice(0, 12).join(', ')})`);
      }
      for (const row of batch) {
        if (row.ragged) continue;
        let key: string;
        if ('rows' in spec) key = String(Math.floor(index / spec.rows));
        else {
          const ms = timeOf(row.values[column]);
          if (ms === null) throw new TableReadError(label, row.line, `"${String(row.values[column] ?? '')}" in the chunk column "${spec.column}" is not a date or time`);
          key = periodLabel(ms, spec.period);
        }
        index++;
        let bucket = buckets.get(key);
        if (!bucket) buckets.set(key, (bucket = []));
        bucket.push(row);
      }
    }
  } finally {
    await table.close();
  }
  const columns = [...table.columns];
  // Periods in time order (their labels sort so); row chunks are already in order.
  const entries = 'rows' in spec ? [...buckets] : [...buckets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([key, rows]) => {
    const chunkLabel = 'rows' in spec ? `rows ${Number(key) * spec.rows + 1}-${Number(key) * spec.rows + rows.length}` : key;
    return { label: chunkLabel, table: rowsTable(table, columns, rows) };
  });
}
