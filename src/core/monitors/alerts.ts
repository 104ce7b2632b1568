// Alerts and their lifecycle: open -> acknowledged | snoozed (until a time) -> resolved. Every change
// is an alert_events row saying who and when, so the history of an alert is never overwritten.
import * as os from 'node:os';
import { appendAudit } from '../audit/appendAudit';
import type { Store } from '../store/store';

export type AlertState = 'open' | 'acknowledged' | 'snoozed' | 'resolved';

export interface Alert {
  id: number;
  monitor: string;
  checkId: number | null;
  state: AlertState;
  snoozedUntil: number | null;
  summary: string;
  openedAt: number;
  updatedAt: number;
  updatedBy: string;
}

export interface AlertEvent {
  at: number;
  state: AlertState;
  actor: string;
  note: string;
}

export class AlertError extends Error {}

/** The policy itself raises alerts; people acknowledge, snooze and resolve them. */
export const POLICY_ACTOR = 'mlops';

/** Who changes an alert: the OS user (a CI runner's user in CI). */
export function currentActor(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    // No passwd entry for the uid (some containers): the environment may still say.
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

interface Row {
  id: number;
  monitor: string;
  check_id: number | null;
  state: AlertState;
  snoozed_until: number | null;
  summary: string;
  opened_at: number;
  updated_at: number;
  updated_by: string;
}

const fromRow = (r: Row): Alert => ({
  id: Number(r.id),
  monitor: r.monitor,
  checkId: r.check_id === null ? null : Number(r.check_id),
  state: r.state,
  snoozedUntil: r.snoozed_until === null ? null : Number(r.snoozed_until),
  summary: r.summary,
  openedAt: Number(r.opened_at),
  updatedAt: Number(r.updated_at),
  updatedBy: r.updated_by,
});

function addEvent(store: Store, alertId: number, at: number, state: AlertState, actor: string, note: string): void {
  store.db.prepare('INSERT INTO alert_events (alert_id, at, state, actor, note) VALUES (?, ?, ?, ?, ?)').run(alertId, at, state, actor, note);
}

/** Opens an alert for a check (called inside the check's transaction). */
export function openAlert(store: Store, a: { monitor: string; checkId: number; summary: string; at?: number }): Alert {
  const at = a.at ?? Date.now();
  return store.transaction(() => {
    const r = store.db
      .prepare("INSERT INTO alerts (monitor, check_id, state, snoozed_until, summary, opened_at, updated_at, updated_by) VALUES (?, ?, 'open', NULL, ?, ?, ?, ?)")
      .run(a.monitor, a.checkId, a.summary, at, at, POLICY_ACTOR);
    const id = Number(r.lastInsertRowid);
    addEvent(store, id, at, 'open', POLICY_ACTOR, a.summary);
    appendAudit(store, { action: 'alert.opened', object: a.monitor, at, details: { alert: id, check: a.checkId, summary: a.summary } });
    return getAlert(store, id)!;
  });
}

export function getAlert(store: Store, id: number): Alert | undefined {
  const r = store.db.prepare('SELECT * FROM alerts WHERE id = ?').get<Row>(id);
  return r && fromRow(r);
}

/**
 * A snoozed alert whose time has passed counts as open again (read, not written: the events keep
 * what people did, and the state shown is derived from them and the clock).
 */
export function effectiveState(a: Alert, now = Date.now()): AlertState {
  return a.state === 'snoozed' && a.snoozedUntil !== null && a.snoozedUntil <= now ? 'open' : a.state;
}

/** Newest first; by default those not resolved. */
export function listAlerts(store: Store, filter: { monitor?: string; all?: boolean } = {}): Alert[] {
  const where = [filter.all ? '' : "state <> 'resolved'", filter.monitor !== undefined ? 'monitor = ?' : ''].filter(Boolean);
  const sql = `SELECT * FROM alerts ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY opened_at DESC, id DESC`;
  const args = filter.monitor !== undefined ? [filter.monitor] : [];
  return store.db.prepare(sql).all<Row>(...args).map(fromRow);
}

/** Alerts that want attention now: open, or snoozed past their time. */
export function countOpenAlerts(store: Store, now = Date.now()): number {
  return listAlerts(store).filter((a) => effectiveState(a, now) === 'open').length;
}

export function alertEvents(store: Store, alertId: number): AlertEvent[] {
  return store.db
    .prepare('SELECT at, state, actor, note FROM alert_events WHERE alert_id = ? ORDER BY at, rowid')
    .all<AlertEvent>(alertId)
    .map((e) => ({ ...e, at: Number(e.at) }));
}

export interface AlertChange {
  state: Exclude<AlertState, 'open'>;
  /** Snoozed: until when (ms since the epoch). */
  until?: number;
  actor?: string;
  note?: string;
  at?: number;
}

/** Acknowledges, snoozes or resolves an alert, recording who and when. A resolved alert stays resolved. */
export function changeAlert(store: Store, id: number, change: AlertChange): Alert {
  const at = change.at ?? Date.now();
  const actor = change.actor ?? currentActor();
  return store.transaction(() => {
    const alert = getAlert(store, id);
    if (!alert) throw new AlertError(`No alert ${id}: \`mlops alerts list --all\` lists them.`);
    if (alert.state === 'resolved') throw new AlertError(`Alert ${id} is already resolved (by ${alert.updatedBy}); a new drift opens a new alert.`);
    if (change.state === 'snoozed' && (change.until === undefined || change.until <= at)) throw new AlertError(`Snoozing alert ${id} needs a time in the future (e.g. --until 2h).`);
    const until = change.state === 'snoozed' ? change.until! : null;
    store.db.prepare('UPDATE alerts SET state = ?, snoozed_until = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(change.state, until, at, actor, id);
    const note = change.note ?? (change.state === 'snoozed' ? `until ${new Date(until!).toISOString()}` : '');
    addEvent(store, id, at, change.state, actor, note);
    appendAudit(store, {
      action: 'alert.changed',
      object: alert.monitor,
      reason: change.note ?? '',
      at,
      ...(change.actor !== undefined ? { actor: change.actor } : {}),
      details: { alert: id, state: change.state, until },
    });
    return getAlert(store, id)!;
  });
}
