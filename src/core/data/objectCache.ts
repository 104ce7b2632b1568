import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Store } from '../store/store';
import { storeLayout } from '../store/layout';
import { sha256Bytes, sha256File } from './hashFile';
import { corruptObject, missingObject } from './objectQuarantine';
import { markVerified } from './verifiedObjectMemo';

/** .mlops/objects/ab/cdef...: where the object with this SHA-256 lives. */
export function objectPath(workspaceRoot: string, hash: string): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`Not a SHA-256 object hash: "${hash}"`);
  return path.join(storeLayout(workspaceRoot).objects, hash.slice(0, 2), hash.slice(2));
}

export function hasObject(workspaceRoot: string, hash: string): boolean {
  return fs.existsSync(objectPath(workspaceRoot, hash));
}

/**
 * An object's bytes, checked against its hash (they are in memory anyway): a corrupted object is
 * quarantined and refused with CorruptObjectError, a missing one with MissingObjectError. `what`
 * names the reader in the error, `store` lets the quarantine forget the object and find a copy.
 */
export function readObject(workspaceRoot: string, hash: string, opts: { store?: Store; what?: string } = {}): Buffer {
  const file = objectPath(workspaceRoot, hash);
  const what = opts.what ?? `Reading the object ${hash.slice(0, 12)}`;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw missingObject(hash, what);
    throw err;
  }
  const actual = sha256Bytes(bytes);
  if (actual !== hash) throw corruptObject(workspaceRoot, file, hash, actual, what, opts.store);
  return bytes;
}

export function recordObject(store: Store | undefined, hash: string, size: number): void {
  store?.statement('INSERT OR IGNORE INTO objects (hash, size, created_at) VALUES (?, ?, ?)').run(hash, size, Date.now());
}

/**
 * Moves a finished temporary file into place under its hash, read-only. A rename is atomic, so a
 * reader (or a crash) never sees half an object; an existing object with the same hash is kept.
 */
export function settle(workspaceRoot: string, tmp: string, hash: string): void {
  const dest = objectPath(workspaceRoot, hash);
  if (fs.existsSync(dest)) {
    fs.rmSync(tmp, { force: true });
    return;
  }
  ensureDir(path.dirname(dest));
  fs.chmodSync(tmp, 0o444);
  fs.renameSync(tmp, dest);
  // Its bytes are the ones just hashed (an object already there was not, and is checked when read).
  markVerified(dest);
}

/** A stat where the folder exists (nearly always), not a mkdir that fails: a big folder's versioning asks thousands of times. */
function ensureDir(dir: string): void {
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
}

// Unique per process without a random draw per file; the pid first, as removeStaleTemp reads it.
const tempPrefix = randomBytes(6).toString('hex');
let tempCount = 0;

export function tempPath(workspaceRoot: string): string {
  const dir = path.join(storeLayout(workspaceRoot).objects, 'tmp');
  ensureDir(dir);
  return path.join(dir, `${process.pid}-${tempPrefix}${(tempCount++).toString(36)}`);
}

export interface StoredObject {
  hash: string;
  size: number;
}

/** Stores bytes as an object; returns its hash. */
export function putBytes(workspaceRoot: string, data: string | Uint8Array, store?: Store): StoredObject {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  const hash = sha256Bytes(buf);
  if (!hasObject(workspaceRoot, hash)) {
    const tmp = tempPath(workspaceRoot);
    try {
      fs.writeFileSync(tmp, buf);
      settle(workspaceRoot, tmp, hash);
    } catch (err) {
      fs.rmSync(tmp, { force: true }); // a full disk leaves a partial temp file
      throw err;
    }
  }
  recordObject(store, hash, buf.length);
  return { hash, size: buf.length };
}

/**
 * Stores a file as an object. The file is copied (reflink where the filesystem can) to a temp file
 * first and the copy is hashed, so a source rewritten meanwhile can never be stored under a wrong hash.
 */
export async function putFile(workspaceRoot: string, file: string, store?: Store): Promise<StoredObject> {
  const tmp = tempPath(workspaceRoot);
  try {
    fs.copyFileSync(file, tmp, fs.constants.COPYFILE_FICLONE);
    const hash = await sha256File(tmp);
    const size = fs.statSync(tmp).size;
    settle(workspaceRoot, tmp, hash);
    recordObject(store, hash, size);
    return { hash, size };
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Writes an object out to `dest` (reflink, else copy), writable like any workspace file. */
export function checkoutObject(workspaceRoot: string, hash: string, dest: string): void {
  const tmp = `${dest}.mlops-${randomBytes(4).toString('hex')}`;
  try {
    fs.copyFileSync(objectPath(workspaceRoot, hash), tmp, fs.constants.COPYFILE_FICLONE);
    fs.chmodSync(tmp, 0o644);
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { force: true }); // the working file stays as it was; no partial copy beside it
    throw err;
  }
}
