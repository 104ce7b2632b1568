// Appending to the hash-chained audit log. The last entry is read inside the write transaction
// (Store.transaction begins IMMEDIATE, taking SQLite's write lock first), so two processes appending
// at once queue on the lock and each links to the other's entry: the chain never forks.
import type { Store } from '../store/store';
import { currentActor } from './actor';
import { canonicalJson } from './canonicalJson';
import { entryHash } from './entryHash';
import { auditActions, GENESIS_HASH, type AuditEntry, type AuditInput } from './types';

/**
 * Appends one entry and returns it. Inside the caller's transaction it joins it (a savepoint), so
 * the entry commits or rolls back with the change it records; otherwise it opens its own.
 */
export function appendAudit(store: Store, input: AuditInput): AuditEntry {
  if (!(auditActions as readonly string[]).includes(input.action)) {
    throw new TypeError(`appendAudit: unknown action "${input.action}"; expected one of ${auditActions.join(', ')}`);
  }
  if (input.details != null && (typeof input.details !== 'object' || Array.isArray(input.details))) {
    throw new TypeError(`appendAudit: details must be an object of named facts, not ${Array.isArray(input.details) ? 'an array' : typeof input.details}`);
  }
  // Serialised once: what is stored is exactly what was hashed, so verify recomputes the same bytes.
  const detailsJson = canonicalJson(input.details ?? {});
  const details = JSON.parse(detailsJson) as Record<string, unknown>;
  const actor = input.actor ?? currentActor(store.root);
  const at = input.at ?? Date.now();
  return store.transaction(() => {
    const last = store.statement('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get<{ seq: number; hash: string }>();
    const seq = last ? Number(last.seq) + 1 : 1;
    const prevHash = last ? last.hash : GENESIS_HASH;
    const fields = { seq, at, actor, action: input.action, object: input.object, reason: input.reason ?? '', details };
    const hash = entryHash(prevHash, fields);
    store
      .statement('INSERT INTO audit_log (seq, at, actor, action, object, reason, details_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(seq, at, actor, fields.action, fields.object, fields.reason, detailsJson, prevHash, hash);
    return { ...fields, prevHash, hash };
  });
}
