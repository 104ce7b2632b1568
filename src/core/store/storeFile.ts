// The database file itself: created whole, and refused (never silently replaced) when it exists but
// is empty, truncated, not SQLite, damaged or read-only. An empty store would forget every run and
// version, after which `mlops data gc` would see every object in the cache as unreferenced.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A store.db that exists but cannot be used as it is; the message names the file and the fix. */
export class StoreFileError extends Error {}

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function fixHint(file: string): string {
  const rel = path.join(path.basename(path.dirname(file)), path.basename(file));
  return `Nothing was changed. Restore it from a backup; or, to start again with an empty store (the runs, versions and models it recorded are forgotten; the files in .mlops/objects stay), move it aside: mv ${rel} ${rel}.broken`;
}

/**
 * Refuses a store file that SQLite would open as something else than the store: 0 bytes (SQLite
 * reads that as a new, empty database), not SQLite, or shorter than its header says. Also one this
 * process may not write (SQLite's WAL mode writes even to read).
 */
export function checkStoreFile(file: string): void {
  // Read in this order: header, then whether a WAL exists, then the size. Another process's
  // checkpoint writes the header before the pages it counts and removes the WAL only once they are
  // all written, so a header read before a WAL found absent is matched by the size read after it.
  // (The size first would race a checkpoint that completes in between: a whole store seen as truncated.)
  const head = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, head, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  const walBeside = fs.existsSync(`${file}-wal`);
  const size = fs.statSync(file).size;
  if (size === 0 || read === 0) throw new StoreFileError(`${file} is empty (0 bytes), so it no longer holds the workbench's store. ${fixHint(file)}`);
  if (!head.subarray(0, HEADER.length).equals(HEADER)) {
    const shown = head.subarray(0, Math.min(16, read)).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
    throw new StoreFileError(`${file} is not an SQLite database (it starts with "${shown}"). ${fixHint(file)}`);
  }
  const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16);
  const pages = head.readUInt32BE(28);
  // The header's page count is trusted only when written by a SQLite that maintains it (its
  // "version-valid-for" matches the change counter), and only with no WAL beside the file: a
  // checkpoint in progress may have written the header before the pages it counts.
  const countValid = head.readUInt32BE(92) === head.readUInt32BE(24) && !walBeside;
  if (size < 100 || size % pageSize !== 0 || (countValid && size < pages * pageSize)) {
    const expected = countValid ? `${pages * pageSize} bytes` : `a whole number of ${pageSize}-byte pages`;
    throw new StoreFileError(`${file} is truncated: ${size} bytes where its header says ${expected}. ${fixHint(file)}`);
  }
  for (const [what, p] of [
    ['file', file],
    ['folder', path.dirname(file)],
  ] as const) {
    try {
      fs.accessSync(p, fs.constants.W_OK);
    } catch {
      throw new StoreFileError(readOnlyMessage(file, `this user may not write the ${what} ${p}`));
    }
  }
}

function readOnlyMessage(file: string, why: string): string {
  return `The store ${file} is read-only (${why}). The workbench writes to its store even to read it (SQLite's WAL mode), and records every run and version there: give write access to .mlops/ and its store.db (chmod u+w, or run as their owner), or work on a writable copy of the workspace.`;
}

/**
 * A new store file, made whole beside its place and then linked into it, so no process ever sees a
 * 0-byte store.db (which it would rightly refuse): the first of several processes to link it wins,
 * the others open that one.
 */
export function createStoreFile(file: string, initialize: (tmp: string) => void): void {
  const tmp = `${file}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    initialize(tmp);
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      // A filesystem without hard links: a rename, unless another process got there first.
      if (fs.existsSync(file)) return;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      fs.renameSync(tmp, file);
    }
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  }
}

/**
 * The error to show for a SQLite failure while opening `file`: a damaged or read-only database
 * becomes a StoreFileError with the fix; anything else is returned as it was.
 */
export function storeOpenError(file: string, err: unknown): unknown {
  const e = err as { code?: string; errcode?: number; message?: string };
  const text = `${e?.code ?? ''} ${e?.errcode ?? ''} ${e?.message ?? ''}`;
  if (/SQLITE_READONLY|readonly database|\b8\b.*read-?only/i.test(text)) return new StoreFileError(readOnlyMessage(file, e.message ?? 'SQLite refused to write'));
  if (/SQLITE_(CORRUPT|NOTADB)|malformed|not a database/i.test(text)) {
    return new StoreFileError(`${file} is damaged (SQLite: ${e.message}). ${fixHint(file)} (\`sqlite3 ${path.basename(file)} .recover\` may save part of it).`);
  }
  return err;
}
