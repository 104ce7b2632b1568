// A drift check whose reading and comparing run on a worker thread, so the extension host's event
// loop stays free on a 1M-row table. The store stays on the calling thread: driftBetween loads and
// saves the reference's summary there; the summary crosses to the worker by structured clone.
import { runInWorker } from '../worker/runInWorker';
import type { Store } from '../store/store';
import { driftBetween, type DriftCheckOptions, type DriftProgress, type DriftSource } from './driftCheck';
import type { DriftSteps } from './driftSteps';
import type { DriftReport } from './reportTypes';

/** driftBetween's two heavy steps, each run by a worker thread of its own. */
export const workerSteps: DriftSteps = {
  summarize: (a, p) => runInWorker('driftSummarize', a, { signal: p.signal, onProgress: p.onProgress }),
  compare: (a, p) => runInWorker('driftCompare', a, { signal: p.signal, onProgress: p.onProgress }),
  // The extension's threshold for hashing off its thread (a smaller file hashes faster than a worker starts).
  offThreadBytes: 16 * 1024 * 1024,
};

/** driftBetween, with the tables read and compared off the calling thread: the same report. */
export function driftBetweenOnWorker(store: Store, reference: DriftSource, current: DriftSource, options: DriftCheckOptions = {}, progress: Omit<DriftProgress, 'steps'> = {}): Promise<DriftReport> {
  return driftBetween(store, reference, current, options, { ...progress, steps: workerSteps });
}
