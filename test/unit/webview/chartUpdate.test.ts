// A live chart's update plan: new points are inserted, a replaced or shortened series or a run that
// left resets the data, a change of shape builds the view again, nothing new does nothing.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runRows, chartRows, relativeUnit, type ChartOptions, type ChartRow } from '../../../webview/metrics/chartSpec';
import { drawnAfter, planUpdate } from '../../../webview/metrics/chartUpdate';
import { SeriesData } from '../../../webview/metrics/seriesData';
import type { MetricsRun, MetricsSeries } from '../../../src/shared/metricsData';

const wire = (runId: string, mode: MetricsSeries['mode'], steps: number[]): MetricsSeries => ({
  runId,
  key: 'loss',
  mode,
  step: steps,
  value: steps.map((s) => 1 / (s + 1)),
  timestamp: steps.map((s) => 1000 + s * 10),
  relative: steps.map((s) => s * 10),
  lo: steps.map((s) => 1 / (s + 1)),
  hi: steps.map((s) => 1 / (s + 1)),
});

test('appended points are inserted from where each run was drawn; a new run whole; nothing new is none', () => {
  const data = new SeriesData();
  data.apply([wire('a', 'replace', [0, 1, 2])]);
  const first = planUpdate(undefined, 'shape', data.runsOf('loss'));
  assert.equal(first.kind, 'build');
  let drawn = drawnAfter('shape', data.runsOf('loss'));
  assert.equal(planUpdate(drawn, 'shape', data.runsOf('loss')).kind, 'none');
  data.apply([wire('a', 'append', [3, 4]), wire('b', 'replace', [0, 1])]);
  const plan = planUpdate(drawn, 'shape', data.runsOf('loss'));
  assert.equal(plan.kind, 'insert');
  assert.deepEqual(plan.kind === 'insert' ? [...plan.from] : [], [['a', 3], ['b', 0]]);
  drawn = drawnAfter('shape', data.runsOf('loss'));
  assert.equal(planUpdate(drawn, 'other shape', data.runsOf('loss')).kind, 'build');
});

test('a series replaced (the host resent it downsampled) or a run no longer shown resets the data', () => {
  const data = new SeriesData();
  data.apply([wire('a', 'replace', [0, 1, 2, 3]), wire('b', 'replace', [0])]);
  const drawn = drawnAfter('shape', data.runsOf('loss'));
  data.apply([wire('a', 'replace', [0, 2, 3])]);
  assert.equal(planUpdate(drawn, 'shape', data.runsOf('loss')).kind, 'reset');
  const onlyA = new Map([...drawnAfter('shape', data.runsOf('loss')).runs].filter(([id]) => id === 'a').map(([id, r]) => [id, r.cols]));
  assert.equal(planUpdate(drawnAfter('shape', data.runsOf('loss')), 'shape', onlyA).kind, 'reset');
});

test('rows inserted in parts equal the rows of a whole redraw, smoothing included', () => {
  const run: MetricsRun = { id: 'a', name: 'r', experiment: 'e', status: 'running', origin: 0 };
  const opts: ChartOptions = { xAxis: 'relative', smoothing: 0.6, logScale: false };
  const data = new SeriesData();
  data.apply([wire('a', 'replace', [0, 1, 2])]);
  const unit = relativeUnit(0);
  const parts: ChartRow[] = [];
  runRows(run, data.runsOf('loss').get('a')!, opts, unit, 0, parts);
  const drawn = drawnAfter('shape', data.runsOf('loss'));
  data.apply([wire('a', 'append', [3, 4, 5])]);
  const plan = planUpdate(drawn, 'shape', data.runsOf('loss'));
  assert.ok(plan.kind === 'insert');
  runRows(run, data.runsOf('loss').get('a')!, opts, unit, plan.from.get('a')!, parts);
  assert.deepEqual(parts, chartRows([run], data.runsOf('loss'), opts).rows);
});
