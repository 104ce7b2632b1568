// Reading the audit log: filtered lists for people (the CLI, the Audit Log view), the whole chain in
// order for verify and for export as JSON Lines, read a page at a time so a long log never sits in
// memory at once.
import type { Store } from '../store/store';
import type { AuditAction, AuditEntry } from './types';

export interface AuditFilter {
  /** Entries at or after this time (ms since the epoch). */
  since?: number;
  /** Entries about exactly this object (a run id, train@3, churn@2). */
  object?: string;
  /** Entries about this object or anything under it: churn matches churn@2, train matches train:a.csv@3. */
  objectFamily?: string;
  action?: AuditAction;
  /** At most this many, the most recent ones. */
  limit?: number;
}

/** An audit_log row as stored: details_json is the text the entry's hash covers. */
export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  object: string;
  reason: string;
  details_json: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'seq, at, actor, action, object, reason, details_json, prev_hash, hash';

function fromRow(r: AuditRow): AuditEntry {
  return {
    seq: Number(r.seq),
    at: Number(r.at),
    actor: r.actor,
    action: r.action as AuditAction,
    object: r.object,
    reason: r.reason,
    details: parseDetails(r.details_json),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

// A row edited around the triggers may hold anything; it is shown as it is, and its hash will not match.
function parseDetails(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  return { unreadableDetails: text };
}

/** Entries matching the filter, oldest first (with limit: the most recent `limit` of them). */
export function listAudit(store: Store, filter: AuditFilter = {}): AuditEntry[] {
  const where: string[] = [];
  const params: Array<string | number> = [];
  const add = (sql: string, ...values: Array<string | number>) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.since !== undefined) add('at >= ?', filter.since);
  if (filter.object !== undefined) add('object = ?', filter.object);
  // substr, not LIKE: object names may hold _ and %, which LIKE reads as wildcards.
  const f = filter.objectFamily;
  if (f !== undefined) add("(object = ? OR substr(object, 1, length(?) + 1) IN (? || '@', ? || ':'))", f, f, f, f);
  if (filter.action !== undefined) add('action = ?', filter.action);
  const limit = filter.limit !== undefined && Number.isFinite(filter.limit) ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '';
  const rows = store.db
    .prepare(`SELECT ${COLUMNS} FROM audit_log${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC${limit}`)
    .all<AuditRow>(...params);
  return rows.reverse().map(fromRow);
}

/** Every entry in sequence order, a page at a time: what verify and export read. */
export function* auditEntries(store: Store, pageSize = 5000): Generator<AuditEntry> {
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = store.statement(`SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`).all<AuditRow>(after, pageSize);
    for (const r of page) yield fromRow(r);
    if (page.length < pageSize) return;
    after = Number(page[page.length - 1].seq);
  }
}

/** The hash of the last entry (64 zeros for an empty log): what to keep elsewhere and pass to verify --head. */
export function auditHead(store: Store): { seq: number; hash: string } | undefined {
  const r = store.statement('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get<{ seq: number; hash: string }>();
  return r ? { seq: Number(r.seq), hash: r.hash } : undefined;
}

/** One line of the JSON Lines export: every field, the chain's included, so anyone can re-verify it. */
export function auditJsonLine(e: AuditEntry): string {
  return JSON.stringify({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, object: e.object, reason: e.reason, details: e.details, prevHash: e.prevHash, hash: e.hash });
}
