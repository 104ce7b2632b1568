import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { fromWire, toWire, type WireNumber } from '../../../src/shared/metricsData';
import { parseMetricsToHost, parseMetricsToWebview } from '../../../src/shared/protocol';

const series = {
  runId: '01JDQ7Z3K8ABCDEF',
  key: 'train/loss',
  mode: 'replace',
  step: [0, 1, 2],
  value: [0.5, 'NaN', 'Infinity'],
  timestamp: [1, 2, 3],
  relative: [0, 1, 2],
  lo: [0.5, 'NaN', '-Infinity'],
  hi: [0.5, 'NaN', 'Infinity'],
};
const timing = { sentAt: 1_764_241_260_000, queryMs: 3.5 };
const run = { id: '01JDQ7Z3K8ABCDEF', name: 'train-7', experiment: 'train', status: 'running', origin: 1_764_241_200_000 };

test('valid Metrics messages pass in both directions, NaN and infinities spelled as strings', () => {
  assert.deepEqual(parseMetricsToHost({ type: 'ready', target: 2000 }), { type: 'ready', target: 2000 });
  assert.ok(parseMetricsToHost({ type: 'addRuns' }));
  assert.ok(parseMetricsToHost({ type: 'export', format: 'svg', fileName: 'train-loss.svg', content: '<svg/>' }));
  assert.ok(parseMetricsToHost({ type: 'export', format: 'png', fileName: 'train-loss.png', content: 'data:image/png;base64,iVBORw0K' }));
  assert.ok(parseMetricsToHost({ type: 'export', format: 'csv', fileName: 'loss.csv', content: 'run,step\n' }));
  assert.ok(parseMetricsToWebview({ type: 'runs', runs: [run, { ...run, id: 'b', origin: null }] }));
  assert.ok(parseMetricsToHost({ type: 'applied', count: 1 }));
  assert.ok(parseMetricsToHost({ type: 'applied', count: 2 }));
  assert.ok(parseMetricsToWebview({ type: 'series', series: [series, { ...series, mode: 'append', step: [], value: [], timestamp: [], relative: [], lo: [], hi: [] }], ...timing }));
  assert.ok(parseMetricsToWebview({ type: 'error', message: 'store locked' }));
});

test('malformed Metrics messages are dropped', () => {
  for (const bad of [
    { type: 'ready' },
    { type: 'ready', target: 0 },
    { type: 'ready', target: 1e9 },
    { type: 'ready', target: 2.5 },
    { type: 'export', format: 'exe', fileName: 'x.exe', content: 'MZ' },
    { type: 'export', format: 'svg', fileName: '../../.bashrc', content: 'x' },
    { type: 'export', format: 'svg', fileName: 'a/b.svg', content: 'x' },
    { type: 'export', format: 'svg', fileName: '..', content: 'x' },
    { type: 'export', format: 'svg', fileName: 'x.svg', content: '' },
    { type: 'export', format: 'png', fileName: 'x.png', content: '<svg/>' },
    { type: 'addRuns', runIds: ['x'] },
    // The webview says how many series messages it drew: the host counts them out of its window.
    { type: 'applied' },
    { type: 'applied', count: 0 },
    { type: 'applied', count: 1.5 },
    { type: 'applied', count: '1' },
    { type: 'series' },
  ]) {
    assert.equal(parseMetricsToHost(bad), undefined, JSON.stringify(bad));
  }
  for (const bad of [
    // The host's timing is part of every series message.
    { type: 'series', series: [series] },
    { type: 'series', series: [series], sentAt: 'now', queryMs: 1 },
    { type: 'series', series: [series], ...timing, queryMs: -1 },
    { type: 'series', series: [{ ...series, step: [0, 1] }], ...timing },
    { type: 'series', series: [{ ...series, step: [0, NaN, 2] }], ...timing },
    { type: 'series', series: [{ ...series, value: ['1', 2, 3] }], ...timing },
    // Raw NaN cannot cross the JSON boundary (it arrives as null): it must be spelled out.
    { type: 'series', series: [{ ...series, value: [null, 2, 3] }], ...timing },
    { type: 'series', series: [{ ...series, value: [NaN, 2, 3] }], ...timing },
    { type: 'series', series: [{ ...series, mode: 'merge' }], ...timing },
    { type: 'series', series: [{ ...series, extra: true }], ...timing },
    { type: 'runs', runs: [{ ...run, origin: 'yesterday' }] },
    { type: 'runs', runs: [{ ...run, name: undefined }] },
    { type: 'export', format: 'svg', fileName: 'x.svg', content: 'x' },
  ]) {
    assert.equal(parseMetricsToWebview(bad), undefined, JSON.stringify(bad).slice(0, 120));
  }
});

test('wire numbers round-trip NaN and infinities through JSON', () => {
  const values = [1.5, NaN, Infinity, -Infinity, 0];
  const back = (JSON.parse(JSON.stringify(values.map(toWire))) as WireNumber[]).map(fromWire);
  assert.deepEqual(back, values);
});
