import type { Store } from '../store/store';
import type { FileStat } from './fileStat';

// A file modified within this window before it was hashed may be modified again within the same
// timestamp tick (coarse clocks, 2 s on FAT) without its stat changing, so such entries are not
// trusted: the next scan hashes the file once more and the entry becomes trustworthy.
const RACY_WINDOW_NS = 2_000_000_000n;

/** The hash last computed for this exact stat of `relPath`, if it can be trusted. */
export function cachedHash(store: Store, relPath: string, st: FileStat): string | undefined {
  const row = store
    .statement(
      `SELECT hash FROM stat_cache WHERE path = ? AND device = ? AND inode = ? AND size = ? AND mtime_ns = ? AND ctime_ns = ?
         AND checked_ns - mtime_ns >= ?`,
    )
    .get<{ hash: string }>(relPath, st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs, RACY_WINDOW_NS);
  return row?.hash;
}

/**
 * Records that `relPath`, with stat `st` (the same before and after reading it), hashes to `hash`;
 * `readStartMs` is when the read began (a later write would bump the mtime past it).
 */
export function rememberHash(store: Store, relPath: string, st: FileStat, hash: string, readStartMs = Date.now()): void {
  store
    .statement(
      `INSERT OR REPLACE INTO stat_cache (path, device, inode, size, mtime_ns, ctime_ns, hash, checked_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(relPath, st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs, hash, BigInt(Math.floor(readStartMs)) * 1_000_000n);
}

/** Forgets every path cached under `hash` (its object was found corrupted: read those files again). */
export function forgetHash(store: Store, hash: string): void {
  store.db.prepare('DELETE FROM stat_cache WHERE hash = ?').run(hash);
}
