// A bounded pool for object transfers: at most `jobs` at once (a remote serves a few streams well,
// hundreds badly), cancellable, with progress at most every 100 ms so a terminal or a VS Code
// notification is not flooded by thousands of small objects.
import { setMaxListeners } from 'node:events';
import type { TransferProgress } from './types';

export const DEFAULT_JOBS = 8;
const PROGRESS_MS = 100;

export interface PoolItem {
  hash: string;
  size: number;
}

export interface PoolOptions {
  jobs?: number;
  signal?: AbortSignal;
  phase: TransferProgress['phase'];
  onProgress?: (p: TransferProgress) => void;
}

export interface PoolResult<T> {
  done: T[];
  failed: { item: T; error: unknown }[];
}

/** The error a cancelled transfer rejects with (name AbortError, as fetch and the SDK use). */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const e = new Error('The transfer was cancelled; objects already moved are kept, a rerun moves the rest.');
  e.name = 'AbortError';
  return e;
}

export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * Runs `work` over every item, `jobs` at a time. One item failing does not stop the rest (it is
 * reported in `failed`); cancelling does: no new item starts, the running ones get the signal, and
 * once they have settled the pool rejects with an AbortError.
 */
export async function runPool<T extends PoolItem>(items: readonly T[], work: (item: T, signal: AbortSignal) => Promise<void>, opts: PoolOptions): Promise<PoolResult<T>> {
  const inner = new AbortController();
  // Each running request (the SDK's included) listens on it: `jobs` of them is no leak.
  setMaxListeners(0, inner.signal);
  const onAbort = () => inner.abort(abortError(opts.signal));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  const progress: TransferProgress = { phase: opts.phase, done: 0, total: items.length, bytesDone: 0, bytesTotal: items.reduce((n, i) => n + i.size, 0) };
  let last = 0;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!opts.onProgress || (!force && now - last < PROGRESS_MS)) return;
    last = now;
    opts.onProgress({ ...progress });
  };
  const result: PoolResult<T> = { done: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < items.length && !inner.signal.aborted) {
      const item = items[next++];
      try {
        await work(item, inner.signal);
        result.done.push(item);
        progress.bytesDone += item.size;
      } catch (err) {
        if (inner.signal.aborted) return;
        result.failed.push({ item, error: err });
      }
      progress.done++;
      report(false);
    }
  };
  try {
    report(true);
    const jobs = Math.max(1, Math.min(opts.jobs ?? DEFAULT_JOBS, items.length || 1));
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (inner.signal.aborted) throw abortError(opts.signal);
  report(true);
  return result;
}
