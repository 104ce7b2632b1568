// The drift engine for monitors checked in the editor: the batch read and compared on a worker
// thread, so the extension host stays responsive; the store (summary, check records) stays here.
import { workerSteps } from '../drift/driftOnWorker';
import type { Store } from '../store/store';
import { runInWorker } from '../worker/runInWorker';
import type { CompareBatch } from './checkMonitor';
import { engineCompare } from './engineCompare';

export function workerCompare(store: Store): CompareBatch {
  return engineCompare(store, { steps: workerSteps, chunks: (a, signal) => runInWorker('driftChunks', a, { signal }) });
}
