import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { MetricsRun } from '../../../src/shared/metricsData';
import type { Spec, View } from 'vega';
import { chartRows, exportSpec, LIVE_DATA, liveChartSpec, relativeUnit, type ChartOptions, type ChartRow } from '../../../webview/metrics/chartSpec';
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

// The charts are Vega, drawn here by Vega itself through the expression interpreter (as under the
// webview's CSP), headless: what they would draw is read from the view's scales and scenegraph.
// vega is ESM only: imported where used.
async function drawn(spec: Spec, rows?: ChartRow[]) {
  const { parse, View } = await import('vega');
  const { expressionInterpreter } = await import('vega-interpreter');
  const view = new View(parse(spec, undefined, { ast: true }), { expr: expressionInterpreter, renderer: 'none' });
  if (rows) view.insert(LIVE_DATA, rows);
  await view.runAsync();
  return view;
}
/** The scenegraph items of the marks named `name` (one group per run, its items the points). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function items(view: View, name: string): any[][] {
  const found: unknown[][] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const walk = (node: any) => {
    if (!node) return;
    if (node.marktype && node.name === name) found.push(node.items);
    for (const child of node.items ?? []) walk(child);
  };
  walk((view.scenegraph() as unknown as { root: unknown }).root);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return found as any[][];
}

test('spec: one line per run, the band only where points were merged, the smoothed line only when smoothing', async () => {
  const plain = chartRows(runs, new Map([['run-a', cols([1, 2, 3])], ['run-b', cols([5, 6, 7])]]), opts());
  const view = await drawn(liveChartSpec('loss', { band: false, tooltip: true }, plain.unit, ['run-a', 'run-b'], ['#111', '#222'], opts()), plain.rows);
  const raw = items(view, 'raw');
  assert.equal(raw.length, 2, 'a line per run');
  assert.deepEqual(raw.map((points) => points.map((p) => p.datum.y)), [[1, 2, 3], [5, 6, 7]]);
  assert.deepEqual(raw.map((points) => points[0].stroke), ['#111', '#222'], 'one color domain for all runs');
  assert.equal(items(view, 'band').length + items(view, 'smoothed').length, 0);
  assert.deepEqual(raw[0][2].tooltip, { run: 'lr=0.1 · run-a', step: '2', loss: '3' });
  assert.deepEqual(view.scale('y').domain(), [1, 7], 'no zero forced into the y domain');

  const merged = chartRows(runs, new Map([['run-a', cols([1, 2, 4], true)]]), opts({ smoothing: 0.6, logScale: true }));
  const full = await drawn(liveChartSpec('loss', { band: true, tooltip: true }, merged.unit, ['run-a'], ['#111'], opts({ smoothing: 0.6, logScale: true })), merged.rows);
  assert.equal(items(full, 'band').length, 1);
  assert.equal(items(full, 'raw')[0][0].opacity, 0.3, 'raw drawn faint behind the smoothed line');
  assert.equal(items(full, 'smoothed')[0].length, 3);
  assert.equal(full.scale('y').type, 'log');
  // The band (lo 0, 1, 3; hi 2, 3, 5) widens the y domain; its 0 cannot be drawn on a log scale.
  assert.deepEqual(full.scale('y').domain(), [1, 5]);
  assert.equal(Object.keys(items(full, 'smoothed')[0][0].tooltip).join(), 'run,step,loss,smoothed');
});

test('spec: a gap breaks a line; wall time is a time axis; zooming sets the x domain and double-click resets it', async () => {
  const series = new Map([['run-a', cols([1, NaN, 3, 4])]]);
  const wall = chartRows(runs, series, opts({ xAxis: 'wall' }));
  const view = await drawn(liveChartSpec('auc', { band: false, tooltip: true }, wall.unit, ['run-a'], ['#111'], opts({ xAxis: 'wall' })), wall.rows);
  assert.deepEqual(items(view, 'raw')[0].map((p) => p.defined), [true, false, true, true]);
  assert.equal(view.scale('x').type, 'time');
  assert.match(items(view, 'raw')[0][0].tooltip.time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  const step = chartRows(runs, series, opts());
  const zoomed = await drawn(liveChartSpec('auc', { band: false, tooltip: false }, step.unit, ['run-a'], ['#111'], opts()), step.rows);
  assert.deepEqual(zoomed.scale('x').domain(), [0, 3]);
  await zoomed.signal('xdom', [1, 2]).runAsync();
  assert.deepEqual(zoomed.scale('x').domain(), [1, 2]);
  await zoomed.signal('xdom', null).runAsync();
  assert.deepEqual(zoomed.scale('x').domain(), [0, 3]);
  assert.equal(items(zoomed, 'raw')[0][0].tooltip, undefined, 'no tooltips past the point budget');
});

test('spec: live rows inserted later are drawn like rows given at once', async () => {
  const { rows, unit } = chartRows(runs, new Map([['run-a', cols([1, 2, 3])]]), opts());
  const view = await drawn(liveChartSpec('loss', { band: false, tooltip: true }, unit, ['run-a'], ['#111'], opts()), rows.slice(0, 2));
  await view.insert(LIVE_DATA, rows.slice(2)).runAsync();
  assert.deepEqual(items(view, 'raw')[0].map((p) => p.datum.y), [1, 2, 3]);
});

test('relative time picks a unit that keeps labels short', () => {
  assert.equal(relativeUnit(30_000).name, 's');
  assert.equal(relativeUnit(30 * 60_000).name, 'min');
  assert.equal(relativeUnit(5 * 3_600_000).name, 'h');
});

test('export spec: titled with the key, fixed size, a legend naming runs by name and short id, each point described', async () => {
  const { rows, unit } = chartRows(runs, new Map([['run-a', cols([1, 2])], ['run-b', cols([3, 4])]]), opts());
  const view = await drawn(exportSpec('train/loss', rows, unit, runs, ['#111', '#222'], opts()));
  const svg = await view.toSVG();
  assert.match(svg, /width="\d+" height="\d+"/);
  assert.ok(view.width() === 800);
  assert.match(svg, />train\/loss</);
  assert.match(svg, />lr=0\.1 · run-a</);
  assert.match(svg, />lr=0\.01 · run-b</);
  assert.match(svg, /aria-label="step: 0; train\/loss: 1; run: lr=0\.1 · run-a"/);
});

test('live spec: no per-point ARIA descriptions (a redraw would evaluate one per point)', () => {
  const spec = liveChartSpec('val/auc', { band: true, tooltip: false }, relativeUnit(1000), ['a'], ['#f00'], { xAxis: 'step', smoothing: 0.6, logScale: false });
  assert.doesNotMatch(JSON.stringify(spec), /description/);
});
