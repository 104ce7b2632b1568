// What the editor's monitor surfaces compute from the store, on real files, a real store and the
// real drift engine: a monitor's checks as the Drift Report's history, and a finished retrain run's
// primary metric beside the newest finished run that read the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { checkMonitor } from '../../../src/core/monitors/checkMonitor';
import { engineCompare } from '../../../src/core/monitors/engineCompare';
import { listChecks } from '../../../src/core/monitors/checkRecords';
import { launchRetrain } from '../../../src/core/monitors/retrain';
import { launchRun } from '../../../src/core/tracking/launcher';
import { insertMetrics } from '../../../src/core/tracking/metricRecords';
import { Store } from '../../../src/core/store/store';
import { checkHistory } from '../../../src/extension/monitors/checkHistory';
import { compareRetrain, runOnVersion } from '../../../src/extension/monitors/retrainComparison';
import { tempWorkspace } from '../tempWorkspace';

const sdkDir = path.resolve(__dirname, '../../../src/sdk/python');

/** n rows of a numeric column spread over 0..96 (+shift) and a three-valued category. */
const rows = (n: number, shift = 0) => ['age,city', ...Array.from({ length: n }, (_, i) => `${((i * 7919) % 97) + shift},${['a', 'b', 'c'][i % 3]}`)].join('\n') + '\n';

function workspace(runs: Record<string, unknown> = {}) {
  const root = fs.realpathSync(tempWorkspace('mlops-monhist-'));
  const config = { runs, datasets: { train: 'train.csv', incoming: 'incoming/*.csv' }, monitors: { prod: { reference: 'train', current: 'incoming' } } };
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(config, null, 2));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const store = Store.open(root);
  const config_ = () => loadConfig(root).config;
  const version = (dataset: string) => versionDataset(store, root, config_(), dataset);
  const check = () => checkMonitor(store, root, config_(), 'prod', { compare: engineCompare(store), trusted: true });
  return { root, store, write, version, check, config: config_ };
}

test("a monitor's checks as history: one line per column, oldest first, with each check's statistic and drift", async () => {
  const w = workspace();
  w.write('train.csv', rows(200));
  w.write('incoming/b1.csv', rows(100));
  await w.version('train');
  await w.version('incoming');
  await w.check();
  w.write('incoming/b2.csv', rows(100, 40));
  await w.version('incoming');
  await w.check();
  // A batch without the column "city": a failed check adds no point for the missing column.
  w.write('incoming/b3.csv', 'age\n1\n2\n3\n');
  await w.version('incoming');
  await w.check();

  const checks = listChecks(w.store, 'prod');
  assert.deepEqual(checks.map((c) => c.outcome), ['failed', 'drift', 'ok']);
  const history = checkHistory(checks);
  const age = history.scores.find((s) => s.column === 'age')!;
  const city = history.scores.find((s) => s.column === 'city')!;
  assert.equal(age.method, 'ks');
  assert.equal(age.threshold, 0.05);
  const byBatch = (s: typeof age) => s.points.map((p) => [p.batch, p.drift]);
  assert.deepEqual(byBatch(age), [
    ['incoming:incoming/b1.csv@1', false],
    ['incoming:incoming/b2.csv@1', true],
    ['incoming:incoming/b3.csv@1', age.points[2]?.drift],
  ]);
  assert.deepEqual(byBatch(city), [
    ['incoming:incoming/b1.csv@1', false],
    ['incoming:incoming/b2.csv@1', false],
  ]);
  // The statistics are the stored ones, in the order the checks were made.
  const stored = [...checks].reverse().map((c) => c.report.drift!.columns.find((x) => x.name === 'age')!.statistic);
  assert.deepEqual(
    age.points.map((p) => p.statistic),
    stored,
  );
  assert.equal(age.points[0].statistic !== age.points[1].statistic, true);
  assert.deepEqual(history.performance, [], 'no target or prediction named: no performance');
  w.store.close();
});

test('a finished retrain run is compared on its primary metric with the newest finished run that read the reference', async () => {
  const w = workspace({ train: { command: 'true', inputs: ['train'], primaryMetric: 'val/auc' } });
  w.write('train.csv', rows(200));
  await w.version('train');
  const spec = (command: string) => ({ store: w.store, workspaceRoot: w.root, config: w.config(), sdkDir, command, experiment: 'train', params: {}, inputs: ['train'] });
  // Two runs on the reference: the newer one is the baseline.
  const older = launchRun(spec('true'));
  await older.done;
  const baseline = launchRun(spec('true'));
  await baseline.done;
  insertMetrics(w.store, older.runId, [{ key: 'val/auc', step: 0, value: 0.5, timestamp: 1 }]);
  insertMetrics(w.store, baseline.runId, [
    { key: 'val/auc', step: 0, value: 0.7, timestamp: 1 },
    { key: 'val/auc', step: 1, value: 0.75, timestamp: 2 },
  ]);

  w.write('incoming/b1.csv', rows(100, 40));
  await w.version('incoming');
  const checked = (await w.check()).checked[0];
  assert.equal(checked.check.outcome, 'drift');
  const retrain = launchRetrain(w.store, w.root, w.config(), 'train', checked.check.id, { sdkDir });
  assert.equal((await retrain.done).status, 'finished');
  insertMetrics(w.store, retrain.runId, [{ key: 'val/auc', step: 0, value: 0.8125, timestamp: 3 }]);

  assert.equal(runOnVersion(w.store, checked.check.referenceVersionId, retrain.runId), baseline.runId);
  const cmp = compareRetrain(w.store, w.config(), retrain.runId, checked.check.id);
  assert.equal(cmp.metric, 'val/auc');
  assert.equal(cmp.value, 0.8125);
  assert.deepEqual(cmp.baseline, { id: baseline.runId, name: cmp.baseline!.name, value: 0.75 });
  assert.match(cmp.text, /val\/auc 0\.8125 against 0\.75 for run \S+ on the reference train:train\.csv@1 \(\+0\.0625\)\.$/);
  w.store.close();
});

test('a retrain with no run on the reference, or no metric, says so', async () => {
  const w = workspace({ train: { command: 'true', inputs: ['train'], primaryMetric: 'val/auc' } });
  w.write('train.csv', rows(200));
  await w.version('train');
  w.write('incoming/b1.csv', rows(100, 40));
  await w.version('incoming');
  const checked = (await w.check()).checked[0];
  const retrain = launchRetrain(w.store, w.root, w.config(), 'train', checked.check.id, { sdkDir });
  await retrain.done;
  assert.match(compareRetrain(w.store, w.config(), retrain.runId, checked.check.id).text, /logged no metric to compare\.$/);
  insertMetrics(w.store, retrain.runId, [{ key: 'val/auc', step: 0, value: 0.9, timestamp: 1 }]);
  const cmp = compareRetrain(w.store, w.config(), retrain.runId, checked.check.id);
  assert.equal(cmp.baseline, undefined);
  assert.match(cmp.text, /val\/auc 0\.9; no finished run read the reference train:train\.csv@1 to compare with\.$/);
  w.store.close();
});
