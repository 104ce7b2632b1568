import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { compareTable } from '../../../src/core/tracking/compareRuns';
import { runDetails } from '../../../src/core/tracking/runDetails';
import { insertRun } from '../../../src/core/tracking/runRecords';
import { parseCompareToWebview } from '../../../src/shared/protocol';
import { tempWorkspace } from '../tempWorkspace';

type Measured = { cpu?: number; gpu?: number; cost?: number; currency?: string };

/** Core's compare table over runs measured as given (the columns the launcher fills at a run's end). */
function tableOf(runs: Record<string, Measured>) {
  const store = Store.open(tempWorkspace());
  try {
    for (const [id, m] of Object.entries(runs)) {
      insertRun(store, { id, name: id, experiment: 'train', status: 'finished', command: 'x', cwd: '.', params: {}, createdAt: 1 });
      store.db.prepare('UPDATE runs SET cpu_seconds = ?, gpu_seconds = ?, cost = ?, currency = ? WHERE id = ?').run(m.cpu ?? null, m.gpu ?? null, m.cost ?? null, m.currency ?? null, id);
    }
    return JSON.parse(JSON.stringify(compareTable(Object.keys(runs).map((id) => runDetails(store, id)!))));
  } finally {
    store.close();
  }
}

test('each compared run carries its CPU and GPU time and its cost; the cheapest is named', () => {
  const data = tableOf({ a: { cpu: 12.5, gpu: 0, cost: 0.004, currency: 'USD' }, b: { cpu: 60, cost: 0.02, currency: 'USD' }, c: { cpu: 12, cost: 0.004, currency: 'USD' } });
  assert.deepEqual(
    data.rows.map((r: { id: string; cpuSeconds?: number; gpuSeconds?: number; cost?: unknown }) => [r.id, r.cpuSeconds, r.gpuSeconds, r.cost]),
    [
      ['a', 12.5, 0, { amount: 0.004, currency: 'USD' }],
      ['b', 60, undefined, { amount: 0.02, currency: 'USD' }],
      ['c', 12, undefined, { amount: 0.004, currency: 'USD' }],
    ],
  );
  assert.deepEqual(data.cheapest, ['a', 'c'], 'ties are all cheapest');
  assert.ok(parseCompareToWebview({ type: 'compare', data }), 'the guard accepts the cost fields');
});

test('no run is cheapest unless every run has a cost in one currency', () => {
  assert.equal(tableOf({ a: { cpu: 1, cost: 0.01, currency: 'USD' }, old: {} }).cheapest, undefined, 'a run from before measuring');
  assert.equal(tableOf({ a: { cost: 0.01, currency: 'USD' }, b: { cost: 0.02, currency: 'EUR' } }).cheapest, undefined, 'two currencies');
  const old = tableOf({ a: {}, b: {} });
  assert.equal(old.cheapest, undefined);
  assert.ok(old.rows.every((r: object) => !('cost' in r) && !('cpuSeconds' in r)), 'older runs carry no cost fields');
});

test('a negative cost or a cost without a currency is refused by the guard', () => {
  const data = tableOf({ a: { cpu: 1, cost: 0.01, currency: 'USD' } });
  const broken = (patch: (d: typeof data) => void) => {
    const d = structuredClone(data);
    patch(d);
    return parseCompareToWebview({ type: 'compare', data: d });
  };
  assert.equal(broken((d) => (d.rows[0].cost.amount = -1)), undefined);
  assert.equal(broken((d) => delete d.rows[0].cost.currency), undefined);
  assert.equal(broken((d) => (d.rows[0].cpuSeconds = 'NaN')), undefined);
  assert.equal(broken((d) => (d.cheapest = 'a')), undefined);
});
