// The alert policy of a monitor: raise an alert once `after` batches in a row have drifted, and not
// again before `cooldown` has passed since the last one. A failed check (a batch that could not be
// compared) neither counts as drift nor breaks the run: it says nothing about the distribution.
import type { MonitorConfig } from '../config/types';
import { parseDuration } from './duration';
import type { MonitorState } from './monitorState';
import type { CheckOutcome } from './checkRecords';

export interface PolicyDecision {
  raise: boolean;
  /** The state to store after this check. */
  next: MonitorState;
  /** Why no alert was raised on a drifted batch, for the terminal. */
  held?: string;
}

export function decideAlert(monitor: MonitorConfig, state: MonitorState, outcome: CheckOutcome, now: number): PolicyDecision {
  if (outcome === 'failed') return { raise: false, next: state };
  if (outcome !== 'drift') return { raise: false, next: { ...state, driftedInARow: 0 } };
  const inARow = state.driftedInARow + 1;
  const after = monitor.alert?.after ?? 1;
  const counted = { ...state, driftedInARow: inARow };
  if (inARow < after) return { raise: false, next: counted, held: `${inARow} of ${after} drifted batches in a row before an alert` };
  const cooldown = monitor.alert?.cooldown !== undefined ? parseDuration(monitor.alert.cooldown, 'alert.cooldown') : 0;
  if (cooldown > 0 && state.lastAlertAt !== null && now - state.lastAlertAt < cooldown) {
    return { raise: false, next: counted, held: `cooling down until ${new Date(state.lastAlertAt + cooldown).toISOString()} (alert.cooldown ${monitor.alert!.cooldown})` };
  }
  return { raise: true, next: { ...counted, lastAlertAt: now } };
}
