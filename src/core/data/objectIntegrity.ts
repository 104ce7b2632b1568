import type { Store } from '../store/store';
import { runInWorker } from '../worker/runInWorker';
import { hashStable } from './fileSnapshot';
import { statIfExists } from './fileStat';
import { objectPath } from './objectCache';
import { corruptObject, missingObject } from './objectQuarantine';
import { isVerified, markVerified } from './verifiedObjectMemo';

export interface CheckOptions {
  /** For the quarantine's bookkeeping and the recovery hint (a copy the stat cache knows of). */
  store?: Store;
  /** What was refused, for the error: "Restoring train@2 to data/train.csv". */
  what?: string;
  signal?: AbortSignal;
  /** Files at least this big are hashed on a worker thread (see FileHashOptions.offThreadBytes). */
  offThreadBytes?: number;
}

/** A file's SHA-256 (on a worker when it is big and the caller asks); a file changing while read is read again. */
export async function hashForCheck(file: string, opts: Pick<CheckOptions, 'signal' | 'offThreadBytes'> = {}): Promise<string> {
  const offThread = opts.offThreadBytes !== undefined && Number(statIfExists(file)?.size ?? 0) >= opts.offThreadBytes;
  for (let attempt = 0; attempt < 3; attempt++) {
    const snap = offThread ? await runInWorker('hash', { file }, { signal: opts.signal }) : await hashStable(file, { signal: opts.signal });
    if (snap) return snap.hash;
  }
  throw new Error(`${file} kept changing while it was checked; try again.`);
}

/**
 * The path of object `hash`, once its bytes are proved to hash to it (at most once per process and
 * stat of the object): for readers that stream the object themselves (diff, profile, validation). A
 * corrupted object is quarantined and refused with CorruptObjectError; a missing one with MissingObjectError.
 */
export async function verifiedObjectPath(workspaceRoot: string, hash: string, opts: CheckOptions = {}): Promise<string> {
  const file = objectPath(workspaceRoot, hash);
  const what = opts.what ?? `Reading the object ${hash.slice(0, 12)}`;
  if (!statIfExists(file)) throw missingObject(hash, what);
  if (isVerified(file)) return file;
  const before = statIfExists(file)!;
  const actual = await hashForCheck(file, opts);
  if (actual !== hash) throw corruptObject(workspaceRoot, file, hash, actual, what, opts.store);
  markVerified(file, before);
  return file;
}
