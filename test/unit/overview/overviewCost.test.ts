// The Overview's cost section on a real store: runs with measured cost in two weeks, two datasets with
// versions in the object cache, at mlops.json's top-level prices; and the protocol guard over it.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { COST_WEEKS, readOverviewCost, storageByDataset, storageFingerprint } from '../../../src/core/overview/overviewCost';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { insertRun } from '../../../src/core/tracking/runRecords';
import { parseOverviewToWebview } from '../../../src/shared/protocol';
import type { MlopsConfig } from '../../../src/core/config/types';
import { readOverview } from '../../../src/core/overview/overviewData';
import { dataWorkspace } from '../data/helpers';

// Thursday 2026-11-26, noon UTC: its ISO week starts Monday 2026-11-23.
const NOW = Date.UTC(2026, 10, 26, 12);
const HOUR = 3_600_000;

async function workspace(prices?: MlopsConfig['cost']) {
  const w = dataWorkspace({ tab: 'data/a.csv', small: 'data/b.csv' }, prices ? { cost: prices } : {});
  w.write('data/a.csv', 'a'.repeat(3000), 60);
  await versionDataset(w.store, w.root, w.config, 'tab');
  w.write('data/a.csv', 'b'.repeat(2000), 60);
  await versionDataset(w.store, w.root, w.config, 'tab');
  w.write('data/b.csv', 'c'.repeat(500), 60);
  await versionDataset(w.store, w.root, w.config, 'small');
  // Two runs this week, one last week, one 13 weeks back (outside the chart), one never priced.
  const runs: Array<[string, number, number | null, number | null]> = [
    ['this-1', NOW - 2 * HOUR, 1800, 0.025],
    ['this-2', NOW - 30 * HOUR, 3600, 0.05],
    ['last', NOW - 7 * 24 * HOUR, 7200, 0.1],
    ['old', NOW - 13 * 7 * 24 * HOUR, 3600, 0.05],
    ['unpriced', NOW - 3 * HOUR, null, null],
  ];
  for (const [id, end, cpu, cost] of runs) {
    insertRun(w.store, { id, name: id, experiment: 'train', status: 'finished', command: 'x', cwd: '.', params: {}, createdAt: end - HOUR, startedAt: end - HOUR, endedAt: end, exitCode: 0 });
    w.store.db.prepare('UPDATE runs SET cpu_seconds = ?, cost = ?, currency = ? WHERE id = ?').run(cpu, cost, cost === null ? null : 'USD', id);
  }
  return w;
}

test('cost per week over the last 12 weeks, storage per dataset with its monthly cost', async () => {
  const w = await workspace({ cpuHour: 0.05, storageGbMonth: 20 });
  const cost = readOverviewCost(w.store, w.config, storageByDataset(w.store, w.root), NOW);
  assert.equal(cost.computePrices, true);
  assert.equal(cost.storagePrice, true);
  assert.equal(cost.currency, 'USD');
  assert.equal(cost.weeks.length, COST_WEEKS);
  assert.equal(cost.weeks.at(-1)!.week, '2026-11-23');
  assert.equal(cost.weeks.at(-2)!.week, '2026-11-16');
  assert.equal(cost.weeks[0].week, '2026-09-07');
  assert.ok(Math.abs(cost.weeks.at(-1)!.cost - 0.075) < 1e-12, `this week ${cost.weeks.at(-1)!.cost}`);
  assert.ok(Math.abs(cost.weeks.at(-1)!.cpuHours - 1.5) < 1e-12);
  assert.ok(Math.abs(cost.weeks.at(-2)!.cost - 0.1) < 1e-12);
  assert.ok(Math.abs(cost.weeks.at(-2)!.cpuHours - 2) < 1e-12);
  assert.ok(cost.weeks.slice(0, -2).every((wk) => wk.cost === 0 && wk.cpuHours === 0), 'the 13-week-old run is outside the chart');
  // tab: both versions (3000 + 2000 bytes); small: 500. A month at 20 per GB (1e9 bytes).
  assert.deepEqual(cost.storage, [
    { dataset: 'tab', bytes: 5000, monthlyCost: (5000 / 1e9) * 20 },
    { dataset: 'small', bytes: 500, monthlyCost: (500 / 1e9) * 20 },
  ]);
  // What the panel sends passes the webview's guard.
  const data = JSON.parse(JSON.stringify({ ...readOverview(w.store, NOW), cost }));
  assert.ok(parseOverviewToWebview({ type: 'overview', data, hasConfig: true }));
  w.store.close();
});

test('without prices the section says so and storage has no monthly cost', async () => {
  const w = await workspace();
  const cost = readOverviewCost(w.store, w.config, storageByDataset(w.store, w.root), NOW);
  assert.equal(cost.computePrices, false);
  assert.equal(cost.storagePrice, false);
  assert.deepEqual(cost.storage.map((d) => Object.keys(d)), [['dataset', 'bytes'], ['dataset', 'bytes']]);
  w.store.close();
});

test('the storage fingerprint moves with a new dataset version only', async () => {
  const w = await workspace();
  const before = storageFingerprint(w.store);
  insertRun(w.store, { id: 'another', name: 'another', experiment: 'train', status: 'finished', command: 'x', cwd: '.', params: {}, createdAt: NOW });
  assert.equal(storageFingerprint(w.store), before, 'a run does not change what datasets store');
  w.write('data/b.csv', 'd'.repeat(700), 60);
  await versionDataset(w.store, w.root, w.config, 'small');
  assert.notEqual(storageFingerprint(w.store), before);
  w.store.close();
});

test('the guard refuses a malformed cost section and accepts data without one (a panel restored from before)', async () => {
  const w = await workspace({ cpuHour: 1 });
  const data = JSON.parse(JSON.stringify({ ...readOverview(w.store, NOW), cost: readOverviewCost(w.store, w.config, [], NOW) }));
  w.store.close();
  const parse = (patch: (d: typeof data) => void) => {
    const d = structuredClone(data);
    patch(d);
    return parseOverviewToWebview({ type: 'overview', data: d, hasConfig: true });
  };
  assert.ok(parse((d) => delete d.cost));
  assert.equal(parse((d) => (d.cost.weeks[0].cost = -1)), undefined);
  assert.equal(parse((d) => (d.cost.weeks[0].week = 'week 48')), undefined);
  assert.equal(parse((d) => (d.cost.storage = [{ dataset: 'x', bytes: 1.5 }])), undefined);
  assert.equal(parse((d) => (d.cost.extra = 1)), undefined);
});
