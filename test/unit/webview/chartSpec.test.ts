import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { MetricsRun } from '../../../src/shared/metricsData';
import { chartRows, chartSpec, exportSpec, liveChartSpec, relativeUnit, type ChartOptions } from '../../../webview/metrics/chartSpec';
import type { SeriesColumns } from '../../../webview/metrics/seriesData';

const runs: MetricsRun[] = [
  { id: 'run-a', name: 'lr=0.1', experiment: 'train', status: 'finished', origin: 0 },
  { id: 'run-b', name: 'lr=0.01', experiment: 'train', status: 'running', origin: 0 },
];
const cols = (value: number[], merged = false): SeriesColumns => ({
  step: value.map((_, i) => i),
  value,
  timestamp: value.map((_, i) => 1000 + i * 60_000),
  relative: value.map((_, i) => i * 60_000),
  lo: value.map((v) => (merged ? v - 1 : v)),
  hi: value.map((v) => (merged ? v + 1 : v)),
});
const opts = (o: Partial<ChartOptions> = {}): ChartOptions => ({ xAxis: 'step', smoothing: 0, logScale: false, ...o });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const layers = (spec: unknown) => (spec as { layer: any[] }).layer;

test('rows: x follows the axis choice, non-finite values become gaps and are counted', () => {
  const series = new Map([['run-a', cols([1, NaN, Infinity, 4])]]);
  const step = chartRows(runs, series, opts());
  assert.deepEqual(step.rows.map((r) => r.x), [0, 1, 2, 3]);
  assert.deepEqual(step.rows.map((r) => r.y), [1, null, null, 4]);
  assert.equal(step.hidden, 1, 'NaN is a gap, not a hidden value; Infinity is hidden');
  assert.deepEqual(chartRows(runs, series, opts({ xAxis: 'wall' })).rows.map((r) => r.x), [1000, 61_000, 121_000, 181_000]);
  const rel = chartRows(runs, series, opts({ xAxis: 'relative' }));
  assert.equal(rel.unit.name, 'min');
  assert.deepEqual(rel.rows.map((r) => r.x), [0, 1, 2, 3]);
});

test('rows: log scale turns non-positive values into gaps; smoothing fills s', () => {
  const series = new Map([['run-b', cols([0, -1, 2, 4])]]);
  assert.deepEqual(chartRows(runs, series, opts({ logScale: true })).rows.map((r) => r.y), [null, null, 2, 4]);
  const s = chartRows(runs, series, opts({ smoothing: 0.5 })).rows.map((r) => r.s);
  assert.ok(s[3]! < 4 && s[3]! > 2);
  assert.equal(chartRows(runs, new Map(), opts()).rows.length, 0);
});

test('spec: band only where points were merged, smoothed layer only when smoothing, one color domain for all runs', () => {
  const plain = chartRows(runs, new Map([['run-a', cols([1, 2, 3])]]), opts());
  const spec = chartSpec('loss', plain.rows, plain.unit, ['run-a', 'run-b'], ['#111', '#222'], opts());
  assert.equal(layers(spec).length, 1, 'no band without merged points, no smoothed line at 0');
  assert.deepEqual(layers(spec)[0].encoding.color.scale, { domain: ['run-a', 'run-b'], range: ['#111', '#222'] });
  const merged = chartRows(runs, new Map([['run-a', cols([1, 2, 3], true)]]), opts({ smoothing: 0.6 }));
  const full = chartSpec('loss', merged.rows, merged.unit, ['run-a'], ['#111'], opts({ smoothing: 0.6, logScale: true }));
  assert.deepEqual(layers(full).map((l) => l.mark.type), ['area', 'line', 'line']);
  assert.equal(layers(full)[1].mark.opacity, 0.3, 'raw drawn faint behind the smoothed line');
  assert.equal(layers(full)[2].encoding.y.scale.type, 'log');
});

test('relative time picks a unit that keeps labels short', () => {
  assert.equal(relativeUnit(30_000).name, 's');
  assert.equal(relativeUnit(30 * 60_000).name, 'min');
  assert.equal(relativeUnit(5 * 3_600_000).name, 'h');
});

test('export spec: titled with the key, fixed size, a legend naming runs by name and short id', () => {
  const { rows, unit } = chartRows(runs, new Map([['run-a', cols([1, 2])], ['run-b', cols([3, 4])]]), opts());
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const spec = exportSpec('train/loss', rows, unit, runs, ['#111', '#222'], opts()) as any;
  assert.equal(spec.title.text, 'train/loss');
  assert.equal(spec.width, 800);
  assert.deepEqual(spec.layer[0].encoding.color.scale.domain, ['lr=0.1 · run-a', 'lr=0.01 · run-b']);
  assert.equal(spec.layer[0].encoding.color.legend.orient, 'bottom');
});

test('live spec: no per-point ARIA descriptions (a redraw would evaluate one per point), theme config still applies', async () => {
  // vega-lite is ESM only: imported where used, as the other spec tests do.
  const { compile } = await import('vega-lite');
  const opts: ChartOptions = { xAxis: 'step', smoothing: 0.6, logScale: false };
  const spec = liveChartSpec('val/auc', { band: true, tooltip: false }, relativeUnit(1000), ['a'], ['#f00'], opts);
  const vega = JSON.stringify(compile(spec, { config: { font: 'Theme Font' } }).spec);
  assert.doesNotMatch(vega, /description/);
  assert.match(vega, /Theme Font/);
  // The exported chart keeps them: an SVG file read outside the panel has no other description.
  assert.match(JSON.stringify(compile(exportSpec('val/auc', [], relativeUnit(1000), [], [], opts)).spec), /description/);
});
