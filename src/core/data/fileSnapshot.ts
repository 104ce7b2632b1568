import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { Store } from '../store/store';
import { fstatFile, sameStat, statIfExists, type FileStat } from './fileStat';
import { recordObject, settle, tempPath } from './objectCache';

/** One read; two are in use at a time. 1 to 8 MiB timed alike here (the copy and the hash dominate). */
const CHUNK_BYTES = 1 << 20;
/** How often the copy's progress is read from the temp file's size. */
const COPY_POLL_MS = 200;

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

/** How a snapshot read the file: see snapshotFile. */
export type SnapshotMethod = 'concurrent' | 'strict';

export interface StoredSnapshot extends Snapshot {
  method: SnapshotMethod;
}

/** A file changed this recently may share its timestamp tick with a write still to come (2 s: FAT's tick). */
export const RACY_MS = 2000;

/**
 * 'concurrent' when the file's mtime and ctime are both more than RACY_MS before `nowMs` (the
 * attempt's start), else 'strict'. A time in the future counts as recent.
 */
export function snapshotMethod(stat: Pick<FileStat, 'mtimeNs' | 'ctimeNs'>, nowMs: number): SnapshotMethod {
  const settledBefore = BigInt(Math.floor(nowMs - RACY_MS)) * 1_000_000n;
  return stat.mtimeNs < settledBefore && stat.ctimeNs < settledBefore ? 'concurrent' : 'strict';
}

/**
 * Stores a workspace file as an object: the kernel copies it to a private temp file (a reflink where
 * the filesystem has them, else copy_file_range: no bytes pass through this process), fsynced, then
 * renamed into place only when complete (a kill leaves a temp file, never a partial object).
 *
 * The object must hold exactly the bytes its hash names. The 'concurrent' method hashes the source
 * while the kernel copies it (two cores, about the time of one pass); the two reads agree unless the
 * file is written meanwhile, and a write always moves ctime, which no user can set back, so the
 * before/after stat check catches it. Except when the write lands in the same timestamp tick as the
 * file's previous change: so, like git's "racily clean" rule, a file changed within RACY_MS of the
 * attempt takes the 'strict' method, copy first, then hash the copy (sound whatever the source does,
 * about the time of two passes). Either way a file rewritten meanwhile is copied again, and after
 * `attempts` tries FileChangingError is thrown.
 */
export async function snapshotFile(workspaceRoot: string, file: string, opts: SnapshotOptions = {}): Promise<StoredSnapshot> {
  const attempts = opts.attempts ?? 4;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const result = await copyOnce(workspaceRoot, file, opts);
    if (result) {
      settle(workspaceRoot, result.tmp, result.snapshot.hash);
      recordObject(opts.store, result.snapshot.hash, result.snapshot.size);
      return result.snapshot;
    }
    await delay(100 * attempt, opts.signal);
  }
  throw new FileChangingError(file, attempts);
}

/** SHA-256 of a file without storing it; undefined when the file changed while it was read. */
export async function hashStable(file: string, opts: Pick<SnapshotOptions, 'signal' | 'onProgress'> = {}): Promise<Snapshot | undefined> {
  const readStartMs = Date.now();
  // A FileHandle read loop, not a stream over the fd: an aborted stream closes the fd itself, and a
  // second close here could close a descriptor the process has since reused (the store's).
  const fh = await fs.promises.open(file, 'r');
  try {
    const before = fstatFile(fh.fd);
    const total = Number(before.size);
    const { hash, size } = await hashChunks(readChunks(fh, opts.signal), (seen) => opts.onProgress?.(seen, total));
    countRead(size);
    return unchanged(file, fh.fd, before, size) ? { hash, size, stat: before, readStartMs } : undefined;
  } finally {
    await fh.close();
  }
}

function countRead(bytes: number): void {
  contentReads.bytes += bytes;
  contentReads.files++;
}

/**
 * A file's bytes in chunks through two alternating buffers: the next read runs on libuv's pool while
 * this chunk is hashed (each chunk must be consumed before the next is asked for). It never returns
 * with a read in flight, so the caller may close the handle as soon as the loop ends.
 */
async function* readChunks(fh: fs.promises.FileHandle, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const bufs = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  const read = (i: number, pos: number) => {
    const p = fh.read(bufs[i], 0, CHUNK_BYTES, pos);
    p.catch(() => undefined); // awaited below; handled here so a failure while a chunk is out is not "unhandled"
    return p;
  };
  signal?.throwIfAborted();
  let pending = read(0, 0);
  try {
    for (let pos = 0, i = 0; ; i ^= 1) {
      const { bytesRead } = await pending;
      if (!bytesRead) return;
      pos += bytesRead;
      signal?.throwIfAborted();
      pending = read(i ^ 1, pos);
      yield bufs[i].subarray(0, bytesRead);
    }
  } finally {
    await pending.catch(() => undefined);
  }
}

/** Same inode still at the path, unchanged since `before`, and every byte of it read. */
function unchanged(file: string, fd: number, before: FileStat, size: number): boolean {
  return sameStat(before, fstatFile(fd)) && sameStat(before, statIfExists(file)) && size === Number(before.size);
}

async function hashChunks(chunks: AsyncIterable<Buffer>, onProgress: (seen: number) => void): Promise<{ hash: string; size: number }> {
  const hash = createHash('sha256');
  let seen = 0;
  for await (const chunk of chunks) {
    hash.update(chunk);
    seen += chunk.length;
    onProgress(seen);
  }
  return { hash: hash.digest('hex'), size: seen };
}

/** One attempt by the method the file's age decides; undefined (temp removed) when the file changed. */
async function copyOnce(workspaceRoot: string, file: string, opts: SnapshotOptions): Promise<{ snapshot: StoredSnapshot; tmp: string } | undefined> {
  const readStartMs = Date.now();
  const fh = await fs.promises.open(file, 'r');
  const tmp = tempPath(workspaceRoot);
  try {
    const before = fstatFile(fh.fd);
    const method = snapshotMethod(before, readStartMs);
    const total = Number(before.size);
    const progress = (bytes: number) => opts.onProgress?.(Math.floor(Math.min(bytes, total)), total);
    const source = openedFile(fh, file);
    const hashed = method === 'concurrent' ? await copyWhileHashing(fh, source, tmp, total, progress, opts.signal) : await copyThenHash(source, tmp, total, progress, opts.signal);
    countRead(total);
    if (!unchanged(file, fh.fd, before, hashed.size) || hashed.copied !== hashed.size) {
      fs.rmSync(tmp, { force: true });
      return undefined;
    }
    return { snapshot: { hash: hashed.hash, size: hashed.size, stat: before, readStartMs, method }, tmp };
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    await fh.close();
  }
}

/** The source's hash and size as read, and the size of the copy, fsynced. */
interface CopyAndHash {
  hash: string;
  size: number;
  copied: number;
}

/**
 * The kernel copies the source (then fsyncs the copy) while this thread hashes the source through its
 * own reads (progress: the mean of both). A failure of either stops the other, and both have ended
 * before this settles, so no read is left in flight on the handle.
 */
async function copyWhileHashing(fh: fs.promises.FileHandle, source: string, tmp: string, total: number, progress: (bytes: number) => void, signal?: AbortSignal): Promise<CopyAndHash> {
  const stop = new AbortController();
  const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  let copied = 0;
  let hashed = 0;
  const report = () => progress((copied + hashed) / 2);
  const fail = (err: unknown) => {
    stop.abort(err);
    throw err;
  };
  const [size, result] = await settleAll([
    copyWithProgress(source, tmp, (n) => ((copied = Math.min(n, total)), report()), both)
      .then(() => syncedSize(tmp))
      .catch(fail),
    hashChunks(readChunks(fh, both), (n) => ((hashed = n), report())).catch(fail),
  ]);
  return { ...result, copied: size };
}

/**
 * Copy first, then hash the copy while it is fsynced (progress: the copy is the first half, the hash
 * the second). The size hashed is the copy's: the stat check compares it with the source's.
 */
async function copyThenHash(source: string, tmp: string, total: number, progress: (bytes: number) => void, signal?: AbortSignal): Promise<CopyAndHash> {
  await copyWithProgress(source, tmp, (n) => progress(Math.min(n, total) / 2), signal);
  const copy = await fs.promises.open(tmp, 'r');
  try {
    const [size, result] = await settleAll([syncedSize(tmp), hashChunks(readChunks(copy, signal), (n) => progress(total / 2 + n / 2))]);
    return { ...result, copied: size };
  } finally {
    await copy.close();
  }
}

/**
 * The open file itself, not its path, for the kernel copy: a file renamed over the path and back
 * meanwhile could otherwise be copied while the one opened is hashed. Linux names an open file
 * /proc/self/fd/N; elsewhere the path (the stat check still catches a replacement left in place).
 */
function openedFile(fh: fs.promises.FileHandle, file: string): string {
  const self = `/proc/self/fd/${fh.fd}`;
  return process.platform === 'linux' && fs.existsSync(self) ? self : file;
}

/** fsyncs the temp file (its bytes are on disk before it is renamed into place); its size. */
async function syncedSize(tmp: string): Promise<number> {
  const out = await fs.promises.open(tmp, 'r');
  try {
    await out.sync();
    return (await out.stat()).size;
  } finally {
    await out.close();
  }
}

/** Like Promise.all, but rejects (with the first error) only once every promise has settled. */
async function settleAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * fs.copyFile (reflink first), reporting the bytes copied so far from the temp file's size. On abort
 * it rejects at once: the kernel copy cannot be interrupted, so it runs on into the temp file, which
 * is removed now and again once the copy ends (it may not have created the file yet).
 */
function copyWithProgress(source: string, tmp: string, onProgress: (copied: number) => void, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const copying = fs.promises.copyFile(source, tmp, fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE);
  return new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => onProgress(fs.statSync(tmp, { throwIfNoEntry: false })?.size ?? 0), COPY_POLL_MS);
    const onAbort = () => {
      const remove = () => fs.rmSync(tmp, { force: true });
      copying.then(remove, remove);
      done(() => reject(signal!.reason));
    };
    const done = (then: () => void) => {
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      then();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    copying.then(
      () => done(resolve),
      (err: unknown) => done(() => reject(err)),
    );
  });
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}
