// A chunked monitor's per-chunk drift: the batch split by rows or by period, each chunk compared with
// the reference's summary. Pure computation over the batch's file, so it can run on a worker.
import { openTable } from '../data/readers/openTable';
import { TableReadError, type TableFormat } from '../data/readers/types';
import type { CsvReadOptions } from '../data/readers/datasetReadOptions';
import { readTableColumns } from '../drift/columnData';
import { compareColumns, type CompareOptions } from '../drift/compare';
import type { ReferenceSummary } from '../drift/referenceSummary';
import type { ChunkDrift } from './checkRecords';
import { splitTable, type ChunkSpec } from './chunks';

export interface ChunkDriftArgs {
  summary: ReferenceSummary;
  /** The batch's object, its format from the item's name, and its label for reports and errors. */
  file: string;
  format?: TableFormat;
  batchLabel: string;
  referenceLabel: string;
  csv?: CsvReadOptions;
  chunk: ChunkSpec;
  options: CompareOptions;
}

export async function chunkDrift(a: ChunkDriftArgs, signal?: AbortSignal): Promise<ChunkDrift[]> {
  let table;
  try {
    table = await openTable(a.file, { format: a.format, ...(a.csv ? { csv: a.csv } : {}) });
  } catch (err) {
    if (err instanceof TableReadError) throw new TableReadError(a.batchLabel, err.line, err.problem, err.hint);
    throw err;
  }
  const chunks = await splitTable(table, a.chunk, a.batchLabel);
  const out: ChunkDrift[] = [];
  for (const c of chunks) {
    signal?.throwIfAborted();
    const data = await readTableColumns(c.table);
    const r = compareColumns(a.summary, data, a.options, { reference: a.referenceLabel, current: `${a.batchLabel} ${c.label}` });
    out.push({ label: c.label, rows: data.rows, datasetDrift: r.datasetDrift, share: r.share, driftedColumns: r.columns.filter((x) => x.drift).map((x) => x.name) });
  }
  return out;
}
