// The drift engine as a monitor uses it: a monitor's columns, tests, correction and drift share as
// the engine's options; the whole batch compared through driftBetween (which keeps the reference's
// summary in the store), then each chunk compared with the same stored summary (chunkDrift).
import type { MonitorConfig } from '../config/types';
import { versionLabel } from './monitorReference';
import { objectPath } from '../data/objectCache';
import { formatOf } from '../data/readers/openTable';
import { driftBetween, type DriftCheckOptions } from '../drift/driftCheck';
import type { DriftSteps } from '../drift/driftSteps';
import { loadReferenceSummary, summaryKey } from '../drift/referenceStore';
import type { Store } from '../store/store';
import type { ChunkDrift } from './checkRecords';
import type { BatchComparison, CompareBatch, CompareRequest } from './checkMonitor';
import { chunkDrift, type ChunkDriftArgs } from './chunkDrift';

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

/** Where the heavy parts run: the whole-batch steps, and the per-chunk comparison. */
export interface EngineSteps {
  steps: DriftSteps;
  chunks: (a: ChunkDriftArgs, signal?: AbortSignal) => Promise<ChunkDrift[]>;
}

async function compareChunks(store: Store, req: CompareRequest, options: DriftCheckOptions, run: EngineSteps['chunks']): Promise<ChunkDrift[]> {
  const readOptions = req.csv.batch && Object.keys(req.csv.batch).length ? { csv: req.csv.batch } : {};
  const summary = loadReferenceSummary(store, req.reference.hash, summaryKey(readOptions));
  if (!summary) throw new Error('internal: the reference summary was not stored by the whole-batch check');
  const args: ChunkDriftArgs = {
    summary,
    file: objectPath(store.root, req.batch.hash),
    format: formatOf(req.batch.item),
    batchLabel: versionLabel(req.batch),
    referenceLabel: versionLabel(req.reference),
    ...readOptions,
    chunk: req.monitor.chunk!,
    options,
  };
  return run(args, req.signal);
}

/** The engine in-thread (the CLI), or with its heavy parts elsewhere (workerCompare). */
export function engineCompare(store: Store, where?: EngineSteps): CompareBatch {
  return async (req): Promise<BatchComparison> => {
    // One set of CSV read options reads both sides: the batch's, which is the table that arrives.
    const csv = Object.keys(req.csv.batch).length ? req.csv.batch : req.csv.reference;
    const options: DriftCheckOptions = { ...driftOptions(req.monitor), ...(Object.keys(csv).length ? { csv } : {}) };
    const drift = await driftBetween(
      store,
      { kind: 'version', version: req.reference, label: versionLabel(req.reference) },
      { kind: 'version', version: req.batch, label: versionLabel(req.batch) },
      options,
      { signal: req.signal, onProgress: req.onProgress && ((f) => req.onProgress!(f)), ...(where ? { steps: where.steps } : {}) },
    );
    if (!req.monitor.chunk || drift.problems.length) return { drift };
    return { drift, chunks: await compareChunks(store, { ...req, csv: { reference: csv, batch: csv } }, options, where?.chunks ?? chunkDrift) };
  };
}
