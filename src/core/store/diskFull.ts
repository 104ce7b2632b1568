// A full disk is an environment problem with one fix (free space), whichever layer meets it first:
// the file system (ENOSPC, or EDQUOT for a full quota) or SQLite (SQLITE_FULL, errcode 13 in
// node:sqlite). Commands name it as such instead of printing the raw error.

const SQLITE_FULL = 13;

export function isDiskFull(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: unknown; errcode?: unknown };
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT' || e.code === 'SQLITE_FULL') return true;
  // node:sqlite reports the primary result code in errcode (extended codes keep it in the low byte).
  return typeof e.errcode === 'number' && (e.errcode & 0xff) === SQLITE_FULL;
}

/**
 * "disk full: ..." naming the file being written where the error knows it; each face adds how to free
 * space in its own terms. Callers state it only where a failed write leaves nothing behind (store
 * transactions roll back, object temp files are removed).
 */
export function diskFullMessage(err: unknown): string {
  const e = err as { path?: unknown; message?: unknown };
  const where = typeof e?.path === 'string' ? e.path : 'the workspace';
  const detail = typeof e?.message === 'string' ? e.message : String(err);
  return `disk full: no space left on the disk that holds ${where} (${detail}); nothing was half-written.`;
}
