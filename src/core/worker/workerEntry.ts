// The worker thread's side of runInWorker: runs one task, posts its progress, then its result or error.
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError, type WorkerMessage } from './workerMessages';
import { workerTasks, type WorkerTaskName } from './workerTasks';

const { task, args } = workerData as { task: WorkerTaskName; args: unknown };
const abort = new AbortController();
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') abort.abort();
});

// Progress is throttled: a 1 GB file reports per MB, the caller needs a few updates a second.
let lastProgress = 0;
const progress = (...p: unknown[]) => {
  const now = Date.now();
  if (now - lastProgress < 100) return;
  lastProgress = now;
  post({ type: 'progress', args: p });
};

(workerTasks[task] as (a: unknown, c: { signal: AbortSignal; progress: typeof progress }) => Promise<unknown>)(args, { signal: abort.signal, progress })
  .then((result) => post({ type: 'result', result }))
  .catch((err) => post({ type: 'error', error: serializeError(err) }))
  // unref, not close: the thread ends once the message has gone out. Closing the port right after
  // posting lost the result once in the extension host (the caller saw only the exit).
  .finally(() => parentPort!.unref());
