// The chain's one formula, shared by appendAudit and verifyAudit so the two can never disagree.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson';
import type { AuditEntry } from './types';

/** hex SHA-256 of prevHash followed by the RFC 8785 JSON of the entry's own fields. */
export function entryHash(prevHash: string, e: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  const body = canonicalJson({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, object: e.object, reason: e.reason, details: e.details });
  return createHash('sha256').update(prevHash + body, 'utf8').digest('hex');
}
