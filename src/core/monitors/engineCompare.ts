// The drift engine as a monitor uses it: a monitor's columns, tests, correction and drift share as
// the engine's options; the whole batch compared through driftBetween (which keeps the reference's
// summary in the store), then each chunk compared with the same stored summary.
import type { MonitorConfig } from '../config/types';
import { versionLabel } from './monitorReference';
import { objectPath } from '../data/objectCache';
import { openTable, formatOf } from '../data/readers/openTable';
import { TableReadError } from '../data/readers/types';
import { readTableColumns } from '../drift/columnData';
import { compareColumns } from '../drift/compare';
import { driftBetween, type DriftCheckOptions } from '../drift/driftCheck';
import type { DriftSteps } from '../drift/driftSteps';
import { loadReferenceSummary, summaryKey } from '../drift/referenceStore';
import type { Store } from '../store/store';
import type { ChunkDrift } from './checkRecords';
import type { BatchComparison, CompareBatch, CompareRequest } from './checkMonitor';
import { splitTable } from './chunks';

/** The engine's options from a monitor in mlops.json. */
export function driftOptions(m: MonitorConfig): DriftCheckOptions {
  return {
    ...(m.columns ? { columns: m.columns } : {}),
    // The chunk's timestamp column orders rows; it is not a feature to compare.
    ignore: [...(m.ignore ?? []), ...(m.chunk && 'column' in m.chunk && !m.columns?.includes(m.chunk.column) ? [m.chunk.column] : [])],
    ...(m.tests ? { perColumn: m.tests } : {}),
    ...(m.driftShare !== undefined ? { driftShare: m.driftShare } : {}),
    ...(m.correction ? { correction: m.correction } : {}),
  };
}

async function compareChunks(store: Store, req: CompareRequest, options: DriftCheckOptions): Promise<ChunkDrift[]> {
  const readOptions = req.csv.batch && Object.keys(req.csv.batch).length ? { csv: req.csv.batch } : {};
  const summary = loadReferenceSummary(store, req.reference.hash, summaryKey(readOptions));
  if (!summary) throw new Error('internal: the reference summary was not stored by the whole-batch check');
  const label = versionLabel(req.batch);
  let table;
  try {
    table = await openTable(objectPath(store.root, req.batch.hash), { format: formatOf(req.batch.item), ...readOptions });
  } catch (err) {
    if (err instanceof TableReadError) throw new TableReadError(label, err.line, err.problem, err.hint);
    throw err;
  }
  const chunks = await splitTable(table, req.monitor.chunk!, label);
  const out: ChunkDrift[] = [];
  for (const c of chunks) {
    req.signal?.throwIfAborted();
    const data = await readTableColumns(c.table);
    const r = compareColumns(summary, data, options, { reference: versionLabel(req.reference), current: `${label} ${c.label}` });
    out.push({ label: c.label, rows: data.rows, datasetDrift: r.datasetDrift, share: r.share, driftedColumns: r.columns.filter((x) => x.drift).map((x) => x.name) });
  }
  return out;
}

/** The engine in-thread (the CLI), or with its whole-batch steps elsewhere (workerCompare). */
export function engineCompare(store: Store, steps?: DriftSteps): CompareBatch {
  return async (req): Promise<BatchComparison> => {
    // One set of CSV read options reads both sides: the batch's, which is the table that arrives.
    const csv = Object.keys(req.csv.batch).length ? req.csv.batch : req.csv.reference;
    const options: DriftCheckOptions = { ...driftOptions(req.monitor), ...(Object.keys(csv).length ? { csv } : {}) };
    const drift = await driftBetween(
      store,
      { kind: 'version', version: req.reference, label: versionLabel(req.reference) },
      { kind: 'version', version: req.batch, label: versionLabel(req.batch) },
      options,
      { signal: req.signal, onProgress: req.onProgress && ((f) => req.onProgress!(f)), ...(steps ? { steps } : {}) },
    );
    if (!req.monitor.chunk || drift.problems.length) return { drift };
    return { drift, chunks: await compareChunks(store, { ...req, csv: { reference: csv, batch: csv } }, options) };
  };
}
