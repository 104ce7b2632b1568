import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { Store } from '../store/store';
import { fstatFile, sameStat, statIfExists, type FileStat } from './fileStat';
import { recordObject, settle, tempPath } from './objectCache';

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

/**
 * Stores a workspace file as an object: the file is copied to a private temp file (a reflink where
 * the filesystem has them, else an in-kernel copy_file_range: no bytes pass through this process),
 * then the copy is hashed while it is fsynced, so the object always holds exactly the bytes its hash
 * names; the temp file is renamed into place only when complete (a kill leaves a temp file, never a
 * partial object). The file's stat is compared before and after: a file rewritten meanwhile is copied
 * again, and after `attempts` tries FileChangingError is thrown, so a torn copy is never recorded.
 */
export async function snapshotFile(workspaceRoot: string, file: string, opts: SnapshotOptions = {}): Promise<Snapshot> {
  const attempts = opts.attempts ?? 4;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const result = await copyOnce(workspaceRoot, file, opts);
    if (result) {
      settle(workspaceRoot, result.tmp, result.hash);
      recordObject(opts.store, result.hash, result.size);
      return result;
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
    const { hash, size } = await hashStream(readChunks(fh, opts.signal), (n) => {
      contentReads.bytes += n;
    }, (seen) => opts.onProgress?.(seen, total));
    contentReads.files++;
    return unchanged(file, fh.fd, before, size) ? { hash, size, stat: before, readStartMs } : undefined;
  } finally {
    await fh.close();
  }
}

/** A file's bytes in chunks through one reused buffer (each chunk is consumed before the next read). */
async function* readChunks(fh: fs.promises.FileHandle, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let pos = 0; ; ) {
    signal?.throwIfAborted();
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (!bytesRead) return;
    pos += bytesRead;
    yield buf.subarray(0, bytesRead);
  }
}

/** Same inode still at the path, unchanged since `before`, and every byte of it read. */
function unchanged(file: string, fd: number, before: FileStat, size: number): boolean {
  return sameStat(before, fstatFile(fd)) && sameStat(before, statIfExists(file)) && size === Number(before.size);
}

async function hashStream(stream: AsyncIterable<Buffer | string>, onChunk: (bytes: number) => void, onProgress: (seen: number) => void): Promise<{ hash: string; size: number }> {
  const hash = createHash('sha256');
  let seen = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    hash.update(buf);
    seen += buf.length;
    onChunk(buf.length);
    onProgress(seen);
  }
  return { hash: hash.digest('hex'), size: seen };
}

/**
 * One attempt: copy, then hash the copy (progress: the copy is the first half, the hash the second).
 * Copying first beat hashing and writing in one pass here (ext4, shared disk): the kernel copies
 * without a trip through JS buffers, and a reflink (btrfs, XFS, APFS) costs nothing but the hash.
 */
async function copyOnce(workspaceRoot: string, file: string, opts: SnapshotOptions): Promise<(Snapshot & { tmp: string }) | undefined> {
  const readStartMs = Date.now();
  const fd = fs.openSync(file, 'r');
  const tmp = tempPath(workspaceRoot);
  try {
    const before = fstatFile(fd);
    const total = Number(before.size);
    const progress = (bytes: number) => opts.onProgress?.(Math.floor(bytes), total);
    await copyWithProgress(file, tmp, (copied) => progress(Math.min(copied, total) / 2), opts.signal);
    contentReads.bytes += total;
    contentReads.files++;
    const out = await fs.promises.open(tmp, 'r');
    let hashed: { hash: string; size: number };
    try {
      // The copy's pages are flushed to disk while they are hashed; the error (if any) is kept for after.
      const synced = out.sync().then(
        () => undefined,
        (err: unknown) => err ?? new Error('fsync failed'),
      );
      hashed = await hashStream(fs.createReadStream(tmp, { highWaterMark: CHUNK_BYTES, signal: opts.signal }), () => undefined, (seen) => progress(total / 2 + seen / 2));
      const syncError = await synced;
      if (syncError) throw syncError;
    } finally {
      await out.close();
    }
    if (!unchanged(file, fd, before, hashed.size)) {
      fs.rmSync(tmp, { force: true });
      return undefined;
    }
    return { hash: hashed.hash, size: hashed.size, stat: before, readStartMs, tmp };
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    fs.closeSync(fd);
  }
}

/** fs.copyFile (reflink first), reporting the bytes copied so far from the temp file's size. On
 * abort it rejects at once; the kernel copy runs on into the already removed temp file. */
function copyWithProgress(file: string, tmp: string, onProgress: (copied: number) => void, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const copying = fs.promises.copyFile(file, tmp, fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE);
  return new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => onProgress(fs.statSync(tmp, { throwIfNoEntry: false })?.size ?? 0), COPY_POLL_MS);
    const onAbort = () => done(() => reject(signal!.reason));
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
