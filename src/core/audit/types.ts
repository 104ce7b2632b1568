// The audit log's contract: every change to the store appends one AuditEntry (see DESIGN.md,
// "Registry, lineage, audit"). The chain: hash = SHA-256(prevHash + canonical JSON (RFC 8785) of
// the entry's fields seq, at, actor, action, object, reason, details), hex; the first entry's
// prevHash is 64 zeros.

export const auditActions = [
  'run.created',
  'run.finished',
  'run.deleted',
  'dataset.versioned',
  'dataset.restored',
  'dataset.version-deleted',
  'store.gc',
  'model.registered',
  'model.tagged',
  'model.version-deleted',
  'model.alias-moved',
  'model.alias-removed',
  'model.deploy-hook',
  'model.imported',
  'gate.evaluated',
  'alert.opened',
  'alert.changed',
  'version.renumbered',
  'pipeline.started',
  'pipeline.finished',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** What a caller supplies; seq, at, actor, and the hashes are filled in by appendAudit. */
export interface AuditInput {
  action: AuditAction;
  /** A reference users type: a run id, train@3, churn@2, a monitor's name. */
  object: string;
  /** Why, when the user gave a reason (alias moves require one). */
  reason?: string;
  /** JSON-serialisable facts: versions, hashes, exit codes. No secrets. */
  details?: Record<string, unknown>;
  /** Overrides the detected actor (tests, imports). */
  actor?: string;
  /** Overrides Date.now() (imports keep the original time). */
  at?: number;
}

export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  action: AuditAction;
  object: string;
  reason: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** verify's answer: ok, or the first entry that does not match and why. */
export type AuditVerification =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; firstBad: { seq: number; problem: 'hash' | 'prev-hash' | 'sequence' | 'head' }; message: string };
