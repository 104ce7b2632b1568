import type { Store } from '../store/store';
import type { FileStat } from './fileStat';

// A file modified within this window before it was hashed may be modified again within the same
// timestamp tick (coarse clocks, 2 s on FAT) without its stat changing, so such entries are not
// trusted: the next scan hashes the file once more and the entry becomes trustworthy.
export const RACY_WINDOW_NS = 2_000_000_000n;

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

/** A folder's stat-cache entries read at once: `stamp` is the stat they were hashed at. */
export type StatCacheRows = Map<string, { stamp: string; hash: string }>;

const stampOf = (st: FileStat) => `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;

/**
 * The trusted entries of every file under folder `relDir` ('' or '.' for the whole workspace) in
 * one query, so a folder of many files costs one lookup instead of one per file. The stat columns
 * come back as text: they are 64-bit integers a JavaScript number cannot hold exactly.
 */
export function statCacheUnder(store: Store, relDir: string): StatCacheRows {
  const whole = relDir === '' || relDir === '.';
  // '/' is followed by '0' in code point order: [dir/, dir0) is every path under dir/.
  const rows = store
    .statement(
      `SELECT path, hash, device || ':' || inode || ':' || size || ':' || mtime_ns || ':' || ctime_ns AS stamp FROM stat_cache
         WHERE (? OR (path >= ? AND path < ?)) AND checked_ns - mtime_ns >= ?`,
    )
    .all<{ path: string; hash: string; stamp: string }>(whole ? 1 : 0, `${relDir}/`, `${relDir}0`, RACY_WINDOW_NS);
  return new Map(rows.map((r) => [r.path, { stamp: r.stamp, hash: r.hash }]));
}

/** cachedHash answered from rows read by statCacheUnder. */
export function cachedHashIn(rows: StatCacheRows, relPath: string, st: FileStat): string | undefined {
  const row = rows.get(relPath);
  return row && row.stamp === stampOf(st) ? row.hash : undefined;
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
