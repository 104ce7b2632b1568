import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { Store } from '../store/store';
import { fstatFile, sameStat, statIfExists, type FileStat } from './fileStat';
import { recordObject, settle, tempPath } from './objectCache';

/** Content bytes read from workspace files by this process: the stat cache keeps this at 0 on rescans. */
export const contentReads = { bytes: 0, files: 0 };

export class FileChangingError extends Error {
  constructor(
    readonly file: string,
    attempts: number,
  ) {
    super(`${file} kept changing while it was read (${attempts} attempts): version it again once it is completely written.`);
  }
}

export interface SnapshotOptions {
  store?: Store;
  signal?: AbortSignal;
  /** Bytes read so far and the file's size. */
  onProgress?: (bytes: number, total: number) => void;
  attempts?: number;
}

export interface Snapshot {
  hash: string;
  size: number;
  /** The file's stat, identical before and after it was read. */
  stat: FileStat;
  /** When the read began (ms since epoch), for the stat cache. */
  readStartMs: number;
}

/**
 * Stores a workspace file as an object in one pass: the bytes read are hashed and written to a temp
 * file together, so the object always holds exactly the bytes its hash names; the temp file is
 * renamed into place only when complete (a kill leaves a temp file, never a partial object). The
 * file's stat is compared before and after the read: a file rewritten meanwhile is read again, and
 * after `attempts` tries FileChangingError is thrown, so a torn read is never recorded.
 */
export async function snapshotFile(workspaceRoot: string, file: string, opts: SnapshotOptions = {}): Promise<Snapshot> {
  const attempts = opts.attempts ?? 4;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const result = await readOnce(workspaceRoot, file, opts, true);
    if (result) {
      settle(workspaceRoot, result.tmp!, result.hash);
      recordObject(opts.store, result.hash, result.size);
      return result;
    }
    await delay(100 * attempt, opts.signal);
  }
  throw new FileChangingError(file, attempts);
}

/** SHA-256 of a file without storing it; undefined when the file changed while it was read. */
export async function hashStable(file: string, opts: Pick<SnapshotOptions, 'signal' | 'onProgress'> = {}): Promise<Snapshot | undefined> {
  return (await readOnce('', file, opts, false)) ?? undefined;
}

async function readOnce(
  workspaceRoot: string,
  file: string,
  opts: SnapshotOptions,
  keep: boolean,
): Promise<(Snapshot & { tmp?: string }) | undefined> {
  const readStartMs = Date.now();
  const fd = fs.openSync(file, 'r');
  const tmp = keep ? tempPath(workspaceRoot) : undefined;
  let out: fs.promises.FileHandle | undefined;
  try {
    const before = fstatFile(fd);
    const total = Number(before.size);
    const hash = createHash('sha256');
    out = tmp ? await fs.promises.open(tmp, 'wx', 0o600) : undefined;
    let seen = 0;
    // Writes run in the background while later chunks are read and hashed (a few in flight at most,
    // so memory stays bounded); each chunk is a fresh buffer, never reused by the stream.
    const inFlight: Promise<unknown>[] = [];
    const stream = fs.createReadStream('', { fd, autoClose: false, start: 0, highWaterMark: 1 << 20, signal: opts.signal });
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      hash.update(buf);
      if (out) {
        inFlight.push(out.write(buf, 0, buf.length, seen));
        if (inFlight.length >= 4) await inFlight.shift();
      }
      seen += buf.length;
      contentReads.bytes += buf.length;
      opts.onProgress?.(seen, total);
    }
    await Promise.all(inFlight);
    contentReads.files++;
    if (out) {
      await out.sync();
      await out.close();
      out = undefined;
    }
    const after = fstatFile(fd);
    // Same inode still at the path, unchanged during the read, and every byte of it read.
    if (!sameStat(before, after) || !sameStat(before, statIfExists(file)) || seen !== total) {
      if (tmp) fs.rmSync(tmp, { force: true });
      return undefined;
    }
    return { hash: hash.digest('hex'), size: seen, stat: before, readStartMs, tmp };
  } catch (err) {
    if (out) await out.close().catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    fs.closeSync(fd);
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}
