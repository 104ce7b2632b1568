// Many small files stored as objects at the speed of a copy: one sync per batch instead of one
// fsync per file (which held versioning a folder of small files to a few hundred files a second).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Store } from '../store/store';
import { sha256Bytes } from './hashFile';
import { contentReads, FileChangingError, type Snapshot } from './fileSnapshot';
import { fstatFile, sameStat, statIfExists } from './fileStat';
import { recordObject, settle, tempPath } from './objectCache';
import { rememberHash } from './statCache';
import { toRel } from './workspacePaths';

const run = promisify(execFile);

/** Files up to this size are read whole into memory and batched; bigger ones take snapshotFile. */
export const BATCH_FILE_BYTES = 1 << 20;
/** A batch is made durable and settled once it holds this many files or bytes. */
const BATCH_FILES = 2000;
const BATCH_BYTES = 64 << 20;

interface Pending {
  tmp: string;
  rel: string;
  snapshot: Snapshot;
}

/**
 * Collects objects for many small files, with the crash guarantee of snapshotFile: each file is
 * read whole (its stat the same before and after, else read again), hashed, and written to a temp
 * file; flush() makes the whole batch durable with one sync, then renames each temp file into
 * place under its hash and records the objects and the stat cache. Nothing may refer to a batched
 * object (a version row) before flush() has returned; a crash before then leaves temp files only.
 */
export class ObjectBatch {
  private pending: Pending[] = [];
  private bytes = 0;

  constructor(
    private readonly workspaceRoot: string,
    private readonly store: Store,
    private readonly signal?: AbortSignal,
  ) {}

  /** Reads, hashes and stages one file (at most BATCH_FILE_BYTES); flushes when the batch is full. */
  async add(abs: string, attempts = 4): Promise<Snapshot> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      this.signal?.throwIfAborted();
      const staged = await this.readWhole(abs);
      if (!staged) continue;
      this.pending.push(staged);
      this.bytes += staged.snapshot.size;
      if (this.pending.length >= BATCH_FILES || this.bytes >= BATCH_BYTES) await this.flush();
      return staged.snapshot;
    }
    throw new FileChangingError(abs, attempts);
  }

  /** Syncs the batch's temp files to disk, then settles and records them. */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.bytes = 0;
    if (!batch.length) return;
    try {
      await syncFiles(batch.map((p) => p.tmp));
    } catch (err) {
      discard(batch);
      throw err;
    }
    for (const p of batch) settle(this.workspaceRoot, p.tmp, p.snapshot.hash);
    this.store.transaction(() => {
      for (const p of batch) {
        recordObject(this.store, p.snapshot.hash, p.snapshot.size);
        rememberHash(this.store, p.rel, p.snapshot.stat, p.snapshot.hash, p.snapshot.readStartMs);
      }
    });
  }

  /** Removes the temp files of what was not flushed (on an error or a cancel). */
  discard(): void {
    discard(this.pending);
    this.pending = [];
    this.bytes = 0;
  }

  /**
   * The file's bytes, hashed and written to a temp file; undefined when it changed while read.
   * Synchronous calls (a small file takes microseconds; a round trip to libuv's pool per call cost
   * more than the work), then a yield, so the caller's event loop still turns between files.
   */
  private async readWhole(abs: string): Promise<Pending | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    const readStartMs = Date.now();
    const fd = fs.openSync(abs, 'r');
    let bytes: Buffer;
    let before;
    try {
      before = fstatFile(fd);
      bytes = fs.readFileSync(fd);
      // Same inode at the path, unchanged: the bytes are one state of the file, not a torn read.
      if (!sameStat(before, fstatFile(fd)) || !sameStat(before, statIfExists(abs)) || bytes.length !== Number(before.size)) return undefined;
    } finally {
      fs.closeSync(fd);
    }
    contentReads.bytes += bytes.length;
    contentReads.files++;
    const tmp = tempPath(this.workspaceRoot);
    // The object is written from the very bytes hashed, so it always holds what its name says.
    try {
      fs.writeFileSync(tmp, bytes, { flag: 'wx' });
    } catch (err) {
      fs.rmSync(tmp, { force: true }); // a full disk leaves a partial temp file the batch does not list
      throw err;
    }
    return { tmp, rel: toRel(this.workspaceRoot, abs), snapshot: { hash: sha256Bytes(bytes), size: bytes.length, stat: before, readStartMs } };
  }
}

function discard(batch: Pending[]): void {
  for (const p of batch) fs.rmSync(p.tmp, { force: true });
}

/** Below this many files an fsync each costs less than starting `sync`. */
const FSYNC_EACH_BELOW = 16;

/**
 * Makes the files' contents durable. On Linux one `sync -f` (syncfs of the filesystem holding
 * them: the temp folder is one folder on one filesystem); for a few files, elsewhere, or if that
 * fails, an fsync per file, several at a time on libuv's pool.
 */
async function syncFiles(files: string[]): Promise<void> {
  if (process.platform === 'linux' && files.length >= FSYNC_EACH_BELOW) {
    try {
      await run('sync', ['-f', path.dirname(files[0])]);
      return;
    } catch {
      /* no coreutils sync -f here: fsync each file */
    }
  }
  const queue = [...files];
  const worker = async () => {
    for (let f = queue.pop(); f; f = queue.pop()) {
      const fh = await fs.promises.open(f, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
