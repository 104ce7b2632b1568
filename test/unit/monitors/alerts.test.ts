// Alerts on a real store: the policy (K drifted batches in a row, cooldown) and the lifecycle (open,
// acknowledged, snoozed until a time, resolved), each change kept with who and when.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { Store } from '../../../src/core/store/store';
import { alertEvents, changeAlert, countOpenAlerts, currentActor, effectiveState, listAlerts, openAlert, AlertError } from '../../../src/core/monitors/alerts';
import { decideAlert } from '../../../src/core/monitors/alertPolicy';
import { getMonitorState, saveMonitorState, type MonitorState } from '../../../src/core/monitors/monitorState';
import { parseDuration, DurationError } from '../../../src/core/monitors/duration';
import { insertCheck } from '../../../src/core/monitors/checkRecords';
import type { MonitorConfig } from '../../../src/core/config/types';
import { addVersion } from '../../../src/core/data/datasetVersions';
import { sha } from '../data/helpers';
import { tempWorkspace } from '../tempWorkspace';

const HOUR = 3_600_000;

function storeWithCheck() {
  const store = Store.open(tempWorkspace('mlops-alerts-'));
  // An ad-hoc check row for alerts to point at (the batch and reference versions may be absent).
  const checkId = store.db
    .prepare("INSERT INTO drift_checks (monitor, batch_label, reference_label, checked_at, outcome, report_json) VALUES ('prod', 'b', 'r', 0, 'drift', '{}')")
    .run().lastInsertRowid;
  return { store, checkId: Number(checkId) };
}

test('durations: s, m, h, d, w and decimals; anything else is an error naming the field', () => {
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('30m'), 30 * 60_000);
  assert.equal(parseDuration('6h'), 6 * HOUR);
  assert.equal(parseDuration('1.5d'), 36 * HOUR);
  assert.equal(parseDuration('2w'), 14 * 24 * HOUR);
  assert.throws(() => parseDuration('6 hours', '--until'), (e: Error) => e instanceof DurationError && /--until "6 hours"/.test(e.message) && /"6h"/.test(e.message));
  assert.throws(() => parseDuration('-1h'), DurationError);
});

test('the policy alerts after K drifted batches in a row; a batch without drift starts the count again; a failed check changes nothing', () => {
  const monitor: MonitorConfig = { reference: 'train', current: 'prod', alert: { after: 3 } };
  let state: MonitorState = { monitor: 'prod', referenceVersionId: null, pinnedAt: null, driftedInARow: 0, lastAlertAt: null };
  const seen: boolean[] = [];
  for (const outcome of ['drift', 'drift', 'ok', 'drift', 'failed', 'drift', 'drift', 'drift'] as const) {
    const d = decideAlert(monitor, state, outcome, 1000);
    seen.push(d.raise);
    state = d.next;
  }
  assert.deepEqual(seen, [false, false, false, false, false, false, true, true]);
  assert.equal(state.driftedInARow, 4);
  // Default: every drifted batch alerts; a warning is not drift.
  const plain: MonitorConfig = { reference: 'train', current: 'prod' };
  assert.equal(decideAlert(plain, state, 'drift', 0).raise, true);
  assert.equal(decideAlert(plain, state, 'warning', 0).raise, false);
});

test('the cooldown holds alerts back until it has passed since the last one', () => {
  const monitor: MonitorConfig = { reference: 'train', current: 'prod', alert: { cooldown: '6h' } };
  const s0 = { monitor: 'prod', referenceVersionId: null, pinnedAt: null, driftedInARow: 0, lastAlertAt: null };
  const first = decideAlert(monitor, s0, 'drift', 10 * HOUR);
  assert.equal(first.raise, true);
  assert.equal(first.next.lastAlertAt, 10 * HOUR);
  const soon = decideAlert(monitor, first.next, 'drift', 15 * HOUR);
  assert.equal(soon.raise, false);
  assert.match(soon.held!, /cooling down until .* \(alert\.cooldown 6h\)/);
  assert.equal(decideAlert(monitor, soon.next, 'drift', 16 * HOUR).raise, true, 'exactly 6 h later');
});

test('monitor state is kept per monitor and read back', () => {
  const { store } = storeWithCheck();
  assert.deepEqual(getMonitorState(store, 'prod'), { monitor: 'prod', referenceVersionId: null, pinnedAt: null, driftedInARow: 0, lastAlertAt: null });
  saveMonitorState(store, { monitor: 'prod', referenceVersionId: null, pinnedAt: 5, driftedInARow: 2, lastAlertAt: 7 });
  saveMonitorState(store, { monitor: 'prod', referenceVersionId: null, pinnedAt: 5, driftedInARow: 3, lastAlertAt: 9 });
  assert.deepEqual(getMonitorState(store, 'prod'), { monitor: 'prod', referenceVersionId: null, pinnedAt: 5, driftedInARow: 3, lastAlertAt: 9 });
  store.close();
});

test('an alert goes open -> acknowledged -> snoozed -> resolved, each change recorded with who and when', () => {
  const { store, checkId } = storeWithCheck();
  const a = openAlert(store, { monitor: 'prod', checkId, summary: 'Drift in monitor prod', at: 1000 });
  assert.equal(a.state, 'open');
  assert.equal(a.updatedBy, 'mlops');
  assert.equal(countOpenAlerts(store, 2000), 1);

  const acked = changeAlert(store, a.id, { state: 'acknowledged', at: 2000 });
  assert.equal(acked.state, 'acknowledged');
  assert.equal(acked.updatedBy, os.userInfo().username);
  assert.equal(acked.updatedBy, currentActor());
  assert.equal(countOpenAlerts(store, 2000), 0);

  const snoozed = changeAlert(store, a.id, { state: 'snoozed', until: 2000 + 2 * HOUR, at: 3000, actor: 'ana' });
  assert.equal(snoozed.snoozedUntil, 2000 + 2 * HOUR);
  assert.equal(effectiveState(snoozed, 3000), 'snoozed');
  assert.equal(effectiveState(snoozed, 2000 + 2 * HOUR), 'open', 'a snooze that ran out counts as open again');
  assert.equal(countOpenAlerts(store, 3 * HOUR), 1);
  assert.throws(() => changeAlert(store, a.id, { state: 'snoozed', until: 10, at: 4000 }), (e: Error) => e instanceof AlertError && /future/.test(e.message));

  changeAlert(store, a.id, { state: 'resolved', at: 5000, actor: 'ana', note: 'retrained' });
  assert.deepEqual(listAlerts(store), [], 'resolved alerts are left out by default');
  assert.equal(listAlerts(store, { all: true })[0].state, 'resolved');
  assert.throws(() => changeAlert(store, a.id, { state: 'acknowledged' }), /already resolved \(by ana\)/);
  assert.throws(() => changeAlert(store, 999, { state: 'acknowledged' }), /No alert 999/);

  assert.deepEqual(
    alertEvents(store, a.id).map((e) => [e.at, e.state, e.actor, e.note]),
    [
      [1000, 'open', 'mlops', 'Drift in monitor prod'],
      [2000, 'acknowledged', currentActor(), ''],
      [3000, 'snoozed', 'ana', `until ${new Date(2000 + 2 * HOUR).toISOString()}`],
      [5000, 'resolved', 'ana', 'retrained'],
    ],
  );
  store.close();
});

test('a check row and its alert go together: a check whose transaction fails leaves neither', () => {
  const { store } = storeWithCheck();
  const v = (item: string) => addVersion(store, { dataset: 'd', declaredPath: 'd/*.csv', item, kind: 'file', hash: sha(item), size: 1, source: 'cli' }).version.id;
  const [batch, reference] = [v('d/b.csv'), v('d/r.csv')];
  const count = () => store.db.prepare('SELECT COUNT(*) AS n FROM drift_checks').get<{ n: number }>()!.n;
  const before = count();
  assert.throws(
    () =>
      store.transaction(() => {
        const id = insertCheck(store, { monitor: 'prod', batchVersionId: batch, referenceVersionId: reference, batchLabel: 'b', referenceLabel: 'r', checkedAt: 1, outcome: 'drift', report: { drift: null } });
        openAlert(store, { monitor: 'prod', checkId: id, summary: 's' });
        assert.equal(count(), before + 1);
        throw new Error('disk gone');
      }),
    /disk gone/,
  );
  assert.equal(count(), before);
  assert.equal(listAlerts(store, { all: true }).length, 0);
  store.close();
});
