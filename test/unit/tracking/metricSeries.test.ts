import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { downsample } from '../../../src/core/tracking/downsample';
import { insertMetrics, metricHistory, type MetricPoint } from '../../../src/core/tracking/metricRecords';
import { lastStep, metricSeries, runTimeOrigin, seriesKeys } from '../../../src/core/tracking/metricSeries';
import { insertRun } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

const T0 = 1_764_241_200_000;
let store: Store;

function addRun(id: string): void {
  insertRun(store, { id, name: id, experiment: 'e', status: 'running', command: 'python3 train.py', cwd: '.', params: {}, createdAt: T0 });
}

function addPoints(runId: string, key: string, n: number, value: (i: number) => number, firstStep = 0): void {
  const batch = 50_000;
  store.transaction(() => {
    for (let from = 0; from < n; from += batch) {
      const pts: MetricPoint[] = [];
      for (let i = from; i < Math.min(n, from + batch); i++) pts.push({ key, step: firstStep + i, value: value(i), timestamp: T0 + 1000 + (firstStep + i) * 10 });
      insertMetrics(store, runId, pts);
    }
  });
}

// Deterministic pseudo-random values: distinct, so ties never make the choice ambiguous.
const noisy = (i: number) => Math.sin(i / 700) + ((i * 7919) % 10007) / 100_070;

before(() => {
  store = Store.open(tempWorkspace('mlops-series-'));
  addRun('big');
  addPoints('big', 'loss', 1_000_000, (i) => (i === 654_321 ? 99 : i === 123_457 ? -99 : noisy(i)));
  addRun('small');
  addPoints('small', 'acc', 40, (i) => i / 40);
  addPoints('small', 'system/cpu_percent', 10, () => 50);
  addRun('mid');
  addPoints('mid', 'loss', 30_000, (i) => (i >= 10_000 && i < 10_050 ? NaN : i === 20_000 ? Infinity : i === 25_000 ? -Infinity : noisy(i)));
});
after(() => store.close());

test('a 1M-point series comes back in at most target points with its global min, max, first and last', () => {
  const s = metricSeries(store, 'big', 'loss', { target: 2000, xAxis: 'step' });
  assert.ok(s.length <= 2000 && s.length >= 1200, `${s.length} points`);
  assert.equal(s[0].step, 0);
  assert.equal(s[s.length - 1].step, 999_999);
  assert.ok(s.some((p) => p.step === 654_321 && p.value === 99), 'global max (a one-step spike) lost');
  assert.ok(s.some((p) => p.step === 123_457 && p.value === -99), 'global min lost');
  assert.ok(s.some((p) => p.hi === 99) && s.some((p) => p.lo === -99), 'band misses the extremes');
  for (let i = 1; i < s.length; i++) assert.ok(s[i].step > s[i - 1].step);
  assert.equal(s[0].relative, 0);
  assert.equal(s[s.length - 1].relative, 999_999 * 10);
  assert.equal(s[5].timestamp - s[0].timestamp, s[5].relative);
});

test('the SQL path selects exactly what the in-memory downsampler selects from the full history', () => {
  const history = metricHistory(store, 'mid', 'loss');
  const expected = downsample(history.map((p, i) => ({ id: i, x: p.step, y: p.value, ts: p.timestamp })), 500);
  const actual = metricSeries(store, 'mid', 'loss', { target: 500, xAxis: 'step' });
  assert.deepEqual(actual.map((p) => p.step), expected.points.map((p) => p.x));
  assert.deepEqual(actual.map((p) => p.value), expected.points.map((p) => p.y));
  assert.deepEqual(actual.map((p) => [p.lo, p.hi]), expected.lo.map((lo, i) => [lo, expected.hi[i]]));
});

test('NaN comes back as a gap and ±Infinity as themselves', () => {
  const s = metricSeries(store, 'mid', 'loss', { target: 300, xAxis: 'step' });
  assert.ok(s.some((p) => Number.isNaN(p.value) && p.step >= 10_000 && p.step < 10_050), 'NaN gap lost');
  assert.ok(s.some((p) => p.step === 20_000 && p.value === Infinity));
  assert.ok(s.some((p) => p.step === 25_000 && p.value === -Infinity));
});

test('a short series is returned whole, band equal to each value', () => {
  const s = metricSeries(store, 'small', 'acc', { target: 2000, xAxis: 'step' });
  assert.equal(s.length, 40);
  assert.deepEqual(s.map((p) => p.value), Array.from({ length: 40 }, (_, i) => i / 40));
  assert.ok(s.every((p) => p.lo === p.value && p.hi === p.value));
});

test('afterStep returns only the newer points, downsampled on their own', () => {
  const s = metricSeries(store, 'small', 'acc', { target: 2000, xAxis: 'step', afterStep: 35 });
  assert.deepEqual(s.map((p) => p.step), [36, 37, 38, 39]);
  assert.deepEqual(metricSeries(store, 'small', 'acc', { target: 2000, xAxis: 'step', afterStep: 39 }), []);
  const tail = metricSeries(store, 'big', 'loss', { target: 200, xAxis: 'step', afterStep: 990_000 });
  assert.ok(tail.length <= 200 && tail[0].step === 990_001 && tail[tail.length - 1].step === 999_999);
  // Relative time stays measured from the run's first point, not from the first new one.
  assert.equal(s[0].relative, 36 * 10);
});

test('wall-time x still buckets by step and keeps the extremes', () => {
  const s = metricSeries(store, 'big', 'loss', { target: 1000, xAxis: 'wall' });
  assert.ok(s.length <= 1000);
  assert.ok(s.some((p) => p.value === 99) && s.some((p) => p.value === -99));
});

test('keys, time origin and last step come from the index', () => {
  assert.deepEqual(seriesKeys(store, 'small'), ['acc', 'system/cpu_percent']);
  assert.deepEqual(seriesKeys(store, 'nope'), []);
  assert.equal(runTimeOrigin(store, 'small'), T0 + 1000);
  assert.equal(runTimeOrigin(store, 'nope'), undefined);
  assert.equal(lastStep(store, 'big', 'loss'), 999_999);
  assert.equal(lastStep(store, 'big', 'nope'), undefined);
  assert.deepEqual(metricSeries(store, 'nope', 'loss', { target: 100, xAxis: 'step' }), []);
});
