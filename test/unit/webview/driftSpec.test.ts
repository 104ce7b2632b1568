// The Drift Report panel's table order and charts: sorting by every header (values missing last
// either way), histogram rows as shares of each side on the shared bins, and specs Vega-Lite compiles.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { driftData, type DriftColumn } from '../../../src/shared/driftData';
import { driftHistogramRows, driftHistogramSpec } from '../../../webview/drift/histogramSpec';
import { performanceSpec, scoreHistorySpec } from '../../../webview/drift/historySpecs';
import { sortColumns, sortKeys } from '../../../webview/drift/sortColumns';

// vega-lite is ESM with a top-level await in a dependency: loaded as ESM, not through require.
const compile = async (spec: TopLevelSpec) => (await import('vega-lite')).compile(spec);
const colors: [string, string] = ['#3794ff', '#d18616'];

const columns: DriftColumn[] = driftData({
  datasetDrift: true,
  share: 2 / 3,
  driftShare: 0.5,
  correction: 'bh',
  reference: { label: 'ref', rows: 10 },
  current: { label: 'cur', rows: 10 },
  problems: ['b: its type changed from numeric to categorical'],
  columns: [
    { name: 'a10', type: 'numeric', method: 'ks', statistic: 0.9, pValue: 1e-9, threshold: 0.05, thresholdSource: 'default', drift: true, missing: { reference: 0, current: 4 } },
    { name: 'b', type: 'numeric', method: 'ks', statistic: null, pValue: null, threshold: 0.05, thresholdSource: 'default', drift: false, missing: { reference: 0, current: 0 }, problem: 'its type changed' },
    { name: 'a2', type: 'categorical', method: 'psi', statistic: Infinity, pValue: null, threshold: 0.1, thresholdSource: 'config', drift: true, missing: { reference: 1, current: 0 } },
    { name: 'c', type: 'numeric', method: 'wasserstein', statistic: 0.01, pValue: null, threshold: 0.1, thresholdSource: 'reference', drift: false, missing: { reference: 0, current: 0 } },
  ],
}).columns;
const names = (cs: DriftColumn[]) => cs.map((c) => c.name);

test('no sort keeps the report order: drifted first', () => {
  assert.deepEqual(names(sortColumns(columns, undefined)), ['a10', 'a2', 'b', 'c']);
});

test('each header sorts, both ways; names in natural order; values a column lacks go last', () => {
  assert.deepEqual(names(sortColumns(columns, { key: 'column', descending: false })), ['a2', 'a10', 'b', 'c']);
  assert.deepEqual(names(sortColumns(columns, { key: 'column', descending: true })), ['c', 'b', 'a10', 'a2']);
  // Infinity is the largest statistic; the failed column has none and goes last both ways.
  assert.deepEqual(names(sortColumns(columns, { key: 'statistic', descending: true })), ['a2', 'a10', 'c', 'b']);
  assert.deepEqual(names(sortColumns(columns, { key: 'statistic', descending: false })), ['c', 'a10', 'a2', 'b']);
  // Only the p-value test has a p-value.
  assert.deepEqual(names(sortColumns(columns, { key: 'pValue', descending: false })), ['a10', 'a2', 'b', 'c']);
  assert.deepEqual(names(sortColumns(columns, { key: 'missing', descending: true })), ['a10', 'a2', 'b', 'c']);
  assert.deepEqual(names(sortColumns(columns, { key: 'drift', descending: true })), ['c', 'b', 'a10', 'a2']);
  assert.deepEqual(names(sortColumns(columns, { key: 'threshold', descending: false })), ['a10', 'b', 'a2', 'c']);
  assert.deepEqual(names(sortColumns(columns, { key: 'test', descending: false })), ['a10', 'b', 'a2', 'c']);
  assert.deepEqual(names(sortColumns(columns, { key: 'type', descending: false })), ['a2', 'a10', 'b', 'c']);
  for (const key of sortKeys) assert.equal(sortColumns(columns, { key, descending: false }).length, columns.length, key);
});

test('numeric histogram rows are shares of each side on the shared bins', () => {
  const rows = driftHistogramRows({ edges: [0, 1, 2], reference: [3, 1], current: [0, 2] });
  assert.deepEqual(rows, [
    { side: 'reference', start: 0, end: 1, count: 3, share: 0.75 },
    { side: 'reference', start: 1, end: 2, count: 1, share: 0.25 },
    { side: 'batch', start: 0, end: 1, count: 0, share: 0 },
    { side: 'batch', start: 1, end: 2, count: 2, share: 1 },
  ]);
});

test('categories keep their names; an empty side has shares of 0, not NaN', () => {
  const rows = driftHistogramRows({ categories: ['x', '(other)'], reference: [2, 2], current: [0, 0] });
  assert.deepEqual(rows.map((r) => [r.side, r.category, r.share]), [['reference', 'x', 0.5], ['reference', '(other)', 0.5], ['batch', 'x', 0], ['batch', '(other)', 0]]);
});

test('the histogram specs compile: numeric bars overlaid on the bins, categories side by side', async () => {
  const numeric = driftHistogramSpec({ edges: [0, 1, 2, 3], reference: [1, 2, 3], current: [3, 0, 1] }, colors) as { layer: unknown[] };
  assert.equal(numeric.layer.length, 2);
  await compile(numeric as TopLevelSpec);
  const categorical = driftHistogramSpec({ categories: ['Paris', 'Lyon'], reference: [5, 1], current: [1, 5] }, colors) as { encoding: { xOffset: unknown; x: { sort: string[] } } };
  assert.ok(categorical.encoding.xOffset);
  assert.deepEqual(categorical.encoding.x.sort, ['Paris', 'Lyon']);
  await compile(categorical as TopLevelSpec);
});

test('history specs compile; unscored checks are left out of the score line', async () => {
  const palette = { line: '#00f', drift: '#f00', threshold: '#888', estimated: '#a0a' };
  const scores = scoreHistorySpec(
    { column: 'a', method: 'ks', threshold: 0.05, points: [{ batch: 'b1', checkedAt: 1, statistic: 0.1, drift: false }, { batch: 'b2', checkedAt: 2, statistic: null, drift: false }, { batch: 'b3', checkedAt: 3, statistic: 'Infinity', drift: true }] },
    palette,
  ) as { layer: { data: { values: unknown[] } }[] };
  assert.equal(scores.layer[0].data.values.length, 1);
  await compile(scores as TopLevelSpec);
  const perf = performanceSpec({ metric: 'accuracy', points: [{ batch: 'b1', checkedAt: 1, realised: 0.9, estimated: 0.88, lower: 0.85, upper: 0.9 }, { batch: 'b2', checkedAt: 2, realised: null, estimated: 0.8, lower: null, upper: null }] }, palette) as { layer: { data: { values: unknown[] } }[] };
  assert.equal(perf.layer[0].data.values.length, 1, 'one band point');
  assert.equal(perf.layer[1].data.values.length, 3, 'two realised-or-estimated points and one estimate');
  await compile(perf as TopLevelSpec);
});
