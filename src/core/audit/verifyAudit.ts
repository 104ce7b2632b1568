// Verifying the audit log: recompute the chain from the first entry and name the first one that
// does not match. The triggers stop edits through SQLite's normal paths; this catches the rest (a
// raw edit of the file, rows deleted or reordered around the triggers). A chain rewritten from
// some entry on, hashes and all, is self-consistent: only a head kept elsewhere (a commit, a ticket)
// reveals it, so verify takes one.
import { RegistryError } from '../registry/types';
import type { Store } from '../store/store';
import { auditEntries } from './auditQuery';
import { entryHash } from './entryHash';
import { GENESIS_HASH, type AuditEntry, type AuditVerification } from './types';

const short = (hash: string) => hash.slice(0, 12);

/** Verifies the store's chain; with head, also that the chain still holds that hash (entries may follow it). */
export function verifyAudit(store: Store, opts: { head?: string } = {}): AuditVerification {
  return verifyAuditEntries(auditEntries(store), opts);
}

/** The same check over entries from anywhere: the store, or a JSON Lines export read back. */
export function verifyAuditEntries(entries: Iterable<AuditEntry>, opts: { head?: string } = {}): AuditVerification {
  const head = opts.head?.trim().toLowerCase();
  if (head !== undefined && !/^[0-9a-f]{64}$/.test(head)) {
    throw new RegistryError(`--head "${opts.head}" is not an audit head: give the 64 hex digits \`mlops audit head\` printed.`);
  }
  let count = 0;
  let prev: AuditEntry | undefined;
  let headSeq: number | undefined = head === GENESIS_HASH ? 0 : undefined;
  for (const e of entries) {
    count++;
    const expectedSeq = prev ? prev.seq + 1 : 1;
    const bad = (problem: 'hash' | 'prev-hash' | 'sequence', message: string): AuditVerification => ({ ok: false, entries: count, firstBad: { seq: e.seq, problem }, message });
    if (e.seq !== expectedSeq) {
      return bad(
        'sequence',
        e.seq > expectedSeq
          ? `Entry ${e.seq} follows ${prev ? `entry ${prev.seq}` : 'the start of the log'}: ${e.seq - expectedSeq === 1 ? `entry ${expectedSeq} is` : `entries ${expectedSeq} to ${e.seq - 1} are`} missing (deleted).`
          : `Entry ${e.seq} comes after entry ${prev?.seq ?? 0}: the entries are out of order.`,
      );
    }
    const prevHash = prev ? prev.hash : GENESIS_HASH;
    if (e.prevHash !== prevHash) {
      return bad(
        'prev-hash',
        `Entry ${e.seq} (${e.action} ${e.object}) does not link to ${prev ? `entry ${prev.seq}` : 'the start of the log'}: it names ${short(e.prevHash)}... as the previous hash, ` +
          `but that is ${short(prevHash)}...: entries were reordered, or one before it was deleted or replaced.`,
      );
    }
    const recomputed = entryHash(prevHash, e);
    if (e.hash !== recomputed) {
      return bad(
        'hash',
        `Entry ${e.seq} (${e.action} ${e.object}) was changed after it was written: its contents hash to ${short(recomputed)}..., not the ${short(e.hash)}... stored with it.`,
      );
    }
    if (e.hash === head) headSeq = e.seq;
    prev = e;
  }
  const last = prev?.hash ?? GENESIS_HASH;
  if (head !== undefined && headSeq === undefined) {
    return {
      ok: false,
      entries: count,
      firstBad: { seq: prev?.seq ?? 0, problem: 'head' },
      message:
        `No entry of the log has the head ${short(head)}... kept elsewhere (the log's ${count} entries end at ${short(last)}...): ` +
        `entries were rewritten or removed since that head was kept, or it is the head of another workspace's log.`,
    };
  }
  return { ok: true, entries: count, head: last };
}
