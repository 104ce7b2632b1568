// The Audit Log panel's data: one page of the store's audit entries (newest first) under the user's
// filter, and the outcome of the last verification. The host filters and pages, so a log of tens of
// thousands of entries never crosses to the webview whole.

/** What the user narrows the log by; every field optional, all must hold. Text fields match case-insensitively, anywhere. */
export interface AuditFilter {
  action?: string;
  object?: string;
  actor?: string;
  /** Searched in the object, actor, reason and details. */
  text?: string;
  /** ms since epoch: entries at or after it. */
  since?: number;
}

/** One entry as the table shows it (core's AuditEntry, details as canonical-looking JSON text). */
export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  object: string;
  reason: string;
  details: string;
  hash: string;
}

/** verifyAudit's answer as the panel shows it. */
export type AuditVerificationShape =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; seq: number; problem: string; message: string };

export interface AuditPage {
  rows: AuditRow[];
  /** Entries matching the filter, and in the whole log. */
  matching: number;
  total: number;
  /** Index of rows[0] among the matching entries (newest first). */
  offset: number;
  pageSize: number;
  filter: AuditFilter;
  /** Every action name and actor in the log, for the filter's lists. */
  actions: string[];
  actors: string[];
  verification: AuditVerificationShape | null;
}

export const AUDIT_PAGE_SIZE = 200;

type Entry = Omit<AuditRow, 'details'> & { details: Record<string, unknown> };

/** Does `e` pass `f`? Case-insensitive substring matches; `since` inclusive. */
export function auditMatches(e: Entry, f: AuditFilter): boolean {
  const has = (hay: string, needle: string | undefined) => !needle || hay.toLowerCase().includes(needle.toLowerCase());
  if (f.action && e.action !== f.action) return false;
  if (f.since !== undefined && e.at < f.since) return false;
  if (!has(e.object, f.object) || !has(e.actor, f.actor)) return false;
  return !f.text || has([e.object, e.actor, e.reason, e.action, JSON.stringify(e.details)].join('\n'), f.text);
}

/**
 * The page of `entries` (any order) that the panel shows: matching entries newest first, from
 * `offset` (clamped to the last page), with the filter's lists taken from every entry.
 */
export function auditPage(entries: readonly Entry[], filter: AuditFilter, offset: number, verification: AuditVerificationShape | null, pageSize = AUDIT_PAGE_SIZE): AuditPage {
  const newest = [...entries].sort((a, b) => b.seq - a.seq);
  const matching = newest.filter((e) => auditMatches(e, filter));
  const last = Math.max(0, Math.floor((matching.length - 1) / pageSize) * pageSize);
  const start = Math.min(Math.max(0, Math.floor(offset / pageSize) * pageSize), last);
  return {
    rows: matching.slice(start, start + pageSize).map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, object: e.object, reason: e.reason, details: Object.keys(e.details).length ? JSON.stringify(e.details) : '', hash: e.hash })),
    matching: matching.length,
    total: entries.length,
    offset: start,
    pageSize,
    filter,
    actions: [...new Set(entries.map((e) => e.action))].sort(),
    actors: [...new Set(entries.map((e) => e.actor))].sort(),
    verification,
  };
}

/** The offset of the page holding entry `seq` among those matching `filter`, or undefined when it does not match. */
export function pageOfEntry(entries: readonly Entry[], filter: AuditFilter, seq: number, pageSize = AUDIT_PAGE_SIZE): number | undefined {
  const index = [...entries].sort((a, b) => b.seq - a.seq).filter((e) => auditMatches(e, filter)).findIndex((e) => e.seq === seq);
  return index < 0 ? undefined : Math.floor(index / pageSize) * pageSize;
}
