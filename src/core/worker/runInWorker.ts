// Runs a core task on a worker thread: the extension host stays responsive while a big file is
// hashed, profiled or validated. One worker per task: start-up (~30 ms) is small beside the work.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { deserializeError, type WorkerMessage } from './workerMessages';
import type { WorkerTaskArgs, WorkerTaskName, WorkerTaskResult } from './workerTasks';

export interface WorkerRunOptions {
  signal?: AbortSignal;
  onProgress?: (...args: never[]) => void;
}

/**
 * Bundled (dist/extension.js, dist/cli.js) the entry is dist/worker.js beside the bundle; from
 * sources under tsx (tests, bench) it is workerEntry.ts, loaded through tsx.
 */
function startWorker(workerData: unknown): Worker {
  const bundled = path.join(__dirname, 'worker.js');
  if (!__filename.endsWith('.ts') && fs.existsSync(bundled)) return new Worker(bundled, { workerData });
  const source = path.join(__dirname, 'workerEntry.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true, workerData });
}

export function runInWorker<K extends WorkerTaskName>(task: K, args: WorkerTaskArgs<K>, opts: WorkerRunOptions = {}): Promise<WorkerTaskResult<K>> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason ?? abortError());
    const worker = startWorker({ task, args });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
      // The task has answered: a handle it left open must not keep its thread alive.
      setTimeout(() => void worker.terminate(), 1000).unref();
    };
    // Cancel asks the task to stop (so it removes its temp files), then terminates it if it does not.
    const onAbort = () => {
      worker.postMessage({ type: 'cancel' });
      setTimeout(() => void worker.terminate(), 2000).unref();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') (opts.onProgress as ((...a: unknown[]) => void) | undefined)?.(...m.args);
      else if (m.type === 'result') finish(() => resolve(m.result as WorkerTaskResult<K>));
      else finish(() => reject(opts.signal?.aborted ? (opts.signal.reason ?? abortError()) : deserializeError(m.error)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    // A result posted just before the exit may still be queued: let it arrive first.
    worker.on('exit', (code) => setTimeout(() => finish(() => reject(opts.signal?.aborted ? (opts.signal.reason ?? abortError()) : new Error(`The worker for ${task} exited (code ${code}) before it finished.`))), 50));
  });
}

function abortError(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}
