import * as fs from 'node:fs';
import * as path from 'node:path';
import { storeLayout } from '../store/layout';
import type { Store } from '../store/store';
import { statIfExists } from './fileStat';
import { forgetHash } from './statCache';

/**
 * An object whose bytes no longer hash to its name. Whoever finds it (a restore, a reader, `mlops
 * data verify`) has moved it to .mlops/quarantine/ and written nothing from it; the message says
 * how to recover. The CLI exits 1 on it: an integrity check failed, the input was not wrong.
 */
export class CorruptObjectError extends Error {
  constructor(
    readonly hash: string,
    readonly actual: string,
    readonly quarantined: string,
    readonly copies: string[],
    message: string,
  ) {
    super(message);
  }
}

/** An object that is not in the cache at all (deleted, or quarantined as corrupted). */
export class MissingObjectError extends Error {}

export function missingObject(hash: string, what: string): MissingObjectError {
  return new MissingObjectError(`${what}: the object ${hash.slice(0, 12)} is missing from .mlops/objects (removed, or quarantined by \`mlops data verify\`). Put a good copy of that content back in the workspace and version it again (\`mlops data version DATASET\`).`);
}

/**
 * Workspace files the stat cache last saw holding `hash` and that have not changed since (same
 * device, inode, size, mtime and ctime): copies to store the object again from.
 */
export function knownCopies(store: Store, workspaceRoot: string, hash: string): string[] {
  const paths = store.db.prepare('SELECT path FROM stat_cache WHERE hash = ? ORDER BY path').all<{ path: string }>(hash);
  // Compared in SQL: nanosecond times exceed a double's integers, so they are bound as bigints.
  const same = store.db.prepare('SELECT 1 AS ok FROM stat_cache WHERE path = ? AND hash = ? AND device = ? AND inode = ? AND size = ? AND mtime_ns = ? AND ctime_ns = ?');
  return paths
    .filter(({ path: rel }) => {
      const st = statIfExists(path.resolve(workspaceRoot, rel));
      return !!st && !!same.get(rel, hash, st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs);
    })
    .map((r) => r.path);
}

/**
 * Moves a corrupted object file to .mlops/quarantine/HASH.TIME (never deleted: it may be all that is
 * left) and, given the store, forgets it there: the object row goes, and the stat cache's entries
 * under that hash, so versioning a good copy reads it again and stores the object anew.
 */
export function quarantineObject(workspaceRoot: string, file: string, hash: string, store?: Store): string {
  const quarantine = path.join(storeLayout(workspaceRoot).dir, 'quarantine');
  fs.mkdirSync(quarantine, { recursive: true });
  const dest = path.join(quarantine, `${hash}.${Date.now()}`);
  fs.renameSync(file, dest);
  store?.transaction(() => {
    store.db.prepare('DELETE FROM objects WHERE hash = ?').run(hash);
    forgetHash(store, hash);
  });
  return dest;
}

/**
 * Quarantines the object at `file` and returns the error to throw: what was refused (`what`, e.g.
 * "Restoring train@2 to data/train.csv"), where the object went, and how to recover (a copy the
 * store knows of, looked up before the stat cache forgets it, else a good copy from elsewhere).
 */
export function corruptObject(workspaceRoot: string, file: string, hash: string, actual: string, what: string, store?: Store): CorruptObjectError {
  const copies = store ? knownCopies(store, workspaceRoot, hash) : [];
  const quarantined = quarantineObject(workspaceRoot, file, hash, store);
  const rel = path.relative(workspaceRoot, quarantined).split(path.sep).join('/');
  const recover = copies.length
    ? `${copies.join(', ')} still ${copies.length === 1 ? 'holds' : 'hold'} that content: version ${copies.length === 1 ? 'it' : 'one'} again (\`mlops data version DATASET\`) to store the object anew, then retry.`
    : 'No other copy is known in the workspace: put a good copy of that content back (from a backup or its source) and version it again (`mlops data version DATASET`), which stores the object anew.';
  return new CorruptObjectError(
    hash,
    actual,
    quarantined,
    copies,
    `${what}: refused, the cached object ${hash.slice(0, 12)} is corrupted (its bytes hash to ${actual.slice(0, 12)}), so nothing was written from it. It was moved to ${rel}. ${recover}`,
  );
}
