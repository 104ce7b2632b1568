// A monitor's options reach the drift engine (per-column tests and thresholds, learned thresholds,
// columns, correction, drift share), a model reference is refused, and a cancelled check stores nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlopsConfig, MonitorConfig } from '../../../src/core/config/types';
import { emptyConfig } from '../../../src/core/config/types';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { checkMonitor } from '../../../src/core/monitors/checkMonitor';
import { engineCompare } from '../../../src/core/monitors/engineCompare';
import { listChecks } from '../../../src/core/monitors/checkRecords';
import { MonitorError } from '../../../src/core/monitors/monitorReference';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

const rows = (n: number, shift = 0) => ['age,score,city', ...Array.from({ length: n }, (_, i) => `${((i * 7919) % 97) + shift},${(i * 31) % 50},${['a', 'b', 'c'][i % 3]}`)].join('\n') + '\n';

async function workspace(monitor: Partial<MonitorConfig>) {
  const root = fs.realpathSync(tempWorkspace('mlops-monopts-'));
  const config: MlopsConfig = { ...emptyConfig(), datasets: { train: { path: 'train.csv' }, incoming: { path: 'incoming/*.csv' } }, monitors: { prod: { reference: 'train', current: 'incoming', ...monitor } } };
  fs.writeFileSync(path.join(root, 'train.csv'), rows(300));
  fs.mkdirSync(path.join(root, 'incoming'));
  fs.writeFileSync(path.join(root, 'incoming/b1.csv'), rows(150, 30));
  const store = Store.open(root);
  await versionDataset(store, root, config, 'train');
  await versionDataset(store, root, config, 'incoming');
  return { root, store, config };
}

test("per-column tests and thresholds, columns and the drift share reach the engine, each column saying where its threshold came from", async () => {
  const w = await workspace({ columns: ['age', 'city'], tests: { age: { test: 'psi', threshold: 5 }, city: { test: 'chisquare' } }, driftShare: 0.1, correction: 'bonferroni' });
  const [b] = (await checkMonitor(w.store, w.root, w.config, 'prod', { compare: engineCompare(w.store), trusted: true })).checked;
  const drift = b.check.report.drift!;
  assert.deepEqual(drift.columns.map((c) => c.name).sort(), ['age', 'city']);
  const age = drift.columns.find((c) => c.name === 'age')!;
  assert.deepEqual([age.method, age.threshold, age.thresholdSource, age.drift], ['psi', 5, 'config', false]);
  const city = drift.columns.find((c) => c.name === 'city')!;
  assert.deepEqual([city.method, city.thresholdSource], ['chisquare', 'default']);
  assert.equal(drift.correction, 'bonferroni');
  assert.equal(drift.driftShare, 0.1);
  assert.equal(b.check.outcome, 'ok', 'a psi of the shifted age below 5, and city unchanged');
  w.store.close();
});

test('"threshold": "reference" learns the threshold from the reference\'s chunks', async () => {
  const w = await workspace({ tests: { age: { test: 'wasserstein', threshold: 'reference' } }, ignore: ['score', 'city'] });
  const [b] = (await checkMonitor(w.store, w.root, w.config, 'prod', { compare: engineCompare(w.store), trusted: true })).checked;
  const age = b.check.report.drift!.columns.find((c) => c.name === 'age')!;
  assert.equal(age.thresholdSource, 'reference');
  assert.ok(age.threshold > 0);
  assert.equal(b.check.report.drift!.columns.length, 1);
  w.store.close();
});

test('a model reference is refused with what to write instead; a cancelled check stores nothing', async () => {
  const w = await workspace({});
  const model = { ...w.config, monitors: { prod: { reference: 'model:churn@production', current: 'incoming' } } };
  await assert.rejects(checkMonitor(w.store, w.root, model, 'prod', { compare: engineCompare(w.store), trusted: true }), (e: Error) => e instanceof MonitorError && /not yet supported.*"train@3"/.test(e.message));
  // Cancelled while the batch is being read: the check stops there.
  const stop = new AbortController();
  let progressed = 0;
  const onProgress = () => {
    progressed++;
    stop.abort();
  };
  await assert.rejects(checkMonitor(w.store, w.root, w.config, 'prod', { compare: engineCompare(w.store), trusted: true, signal: stop.signal, onProgress }));
  assert.ok(progressed > 0, 'the check had begun');
  assert.deepEqual(listChecks(w.store, 'prod'), []);
  w.store.close();
});
