// What the store keeps per monitor between checks: its pinned reference version and the alert
// policy's running count (monitor_state, migration 4).
import type { Store } from '../store/store';

export interface MonitorState {
  monitor: string;
  referenceVersionId: number | null;
  pinnedAt: number | null;
  driftedInARow: number;
  lastAlertAt: number | null;
}

interface Row {
  monitor: string;
  reference_version_id: number | null;
  pinned_at: number | null;
  drifted_in_a_row: number;
  last_alert_at: number | null;
}

const num = (v: number | null) => (v === null ? null : Number(v));

export function getMonitorState(store: Store, monitor: string): MonitorState {
  const r = store.db.prepare('SELECT * FROM monitor_state WHERE monitor = ?').get<Row>(monitor);
  if (!r) return { monitor, referenceVersionId: null, pinnedAt: null, driftedInARow: 0, lastAlertAt: null };
  return { monitor, referenceVersionId: num(r.reference_version_id), pinnedAt: num(r.pinned_at), driftedInARow: Number(r.drifted_in_a_row), lastAlertAt: num(r.last_alert_at) };
}

export function saveMonitorState(store: Store, s: MonitorState): void {
  store.db
    .prepare(
      `INSERT INTO monitor_state (monitor, reference_version_id, pinned_at, drifted_in_a_row, last_alert_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (monitor) DO UPDATE SET reference_version_id = excluded.reference_version_id, pinned_at = excluded.pinned_at,
         drifted_in_a_row = excluded.drifted_in_a_row, last_alert_at = excluded.last_alert_at`,
    )
    .run(s.monitor, s.referenceVersionId, s.pinnedAt, s.driftedInARow, s.lastAlertAt);
}
