import { statIfExists, type FileStat } from './fileStat';

/**
 * Objects this process knows to hold exactly the bytes their name hashes to (it wrote them from
 * hashed bytes, or hashed them), keyed by path, with the stat they had then: a reader pays for one
 * check per object and process, not per read.
 */
const verified = new Map<string, string>();

// Not the ctime: a hard link to the object (cache mode "hardlink") moves it without touching a byte.
// Any write moves the mtime, and objects are read-only, so a changed object is hashed again.
const signature = (st: FileStat) => `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;

/** Records that the object file holds its bytes as of `st` (its stat when it was written or hashed). */
export function markVerified(file: string, st: FileStat | undefined = statIfExists(file)): void {
  if (st) verified.set(file, signature(st));
}

export function isVerified(file: string): boolean {
  const st = statIfExists(file);
  return !!st && verified.get(file) === signature(st);
}
