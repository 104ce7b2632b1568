import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { compareTable } from '../../../src/core/tracking/compareRuns';
import { insertMetrics } from '../../../src/core/tracking/metricRecords';
import { runDetails } from '../../../src/core/tracking/runDetails';
import { insertRun } from '../../../src/core/tracking/runRecords';
import { parseCompareToHost, parseCompareToWebview } from '../../../src/shared/protocol';
import { tempWorkspace } from '../tempWorkspace';

/** What the host really sends: core's table for two runs, one with a NaN metric and no start time. */
function realData() {
  const store = Store.open(tempWorkspace());
  try {
    for (const [id, lr] of [['a', 0.1], ['b', 0.01]] as const) {
      insertRun(store, { id, name: id, experiment: 'train', status: 'finished', command: 'x', cwd: '.', params: { lr, opt: { name: 'sgd' } }, createdAt: 1 });
      insertMetrics(store, id, [{ key: 'loss', step: 0, value: id === 'a' ? NaN : 0.2, timestamp: 1 }]);
    }
    // Through JSON, as postMessage would carry it (structured clone keeps less than JSON never adds).
    return JSON.parse(JSON.stringify(compareTable([runDetails(store, 'a')!, runDetails(store, 'b')!])));
  } finally {
    store.close();
  }
}

test('compare messages from core pass in both directions', () => {
  const data = realData();
  assert.ok(parseCompareToWebview({ type: 'compare', data }), 'core output must satisfy the guard');
  assert.ok(parseCompareToWebview({ type: 'error', message: 'no store' }));
  assert.deepEqual(parseCompareToHost({ type: 'ready' }), { type: 'ready' });
  assert.ok(parseCompareToHost({ type: 'setPrimaryMetric', metric: 'val/auc' }));
  assert.ok(parseCompareToHost({ type: 'compareInEditor', runIds: ['a', 'b'] }));
  assert.ok(parseCompareToHost({ type: 'compareCode', runIds: ['a', 'b'] }));
});

test('malformed or over-wide compare messages are dropped', () => {
  const data = realData();
  for (const bad of [
    { type: 'compareInEditor', runIds: ['a'] },
    { type: 'compareInEditor', runIds: ['a', 'b', 'c'] },
    { type: 'compareCode', runIds: ['a', 1] },
    { type: 'setPrimaryMetric' },
    { type: 'runCommand', command: 'mlops.doctor' },
    { type: 'ready', extra: true },
  ]) {
    assert.equal(parseCompareToHost(bad), undefined, JSON.stringify(bad));
  }
  const broken = (patch: (d: typeof data) => void) => {
    const d = structuredClone(data);
    patch(d);
    return parseCompareToWebview({ type: 'compare', data: d });
  };
  assert.equal(broken((d) => (d.rows[0].metrics.loss.last = 'nan')), undefined);
  assert.equal(broken((d) => (d.rows[0].params.lr = { nested: 1 })), undefined);
  assert.equal(broken((d) => (d.best.loss.direction = 'up')), undefined);
  assert.equal(broken((d) => (d.parallel.points[0].position = 1.5)), undefined);
  assert.equal(broken((d) => (d.rows[0].extra = 1)), undefined);
  assert.equal(broken((d) => delete d.differingParams), undefined);
});
