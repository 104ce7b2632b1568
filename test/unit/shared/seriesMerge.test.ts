// The host's merging of series messages the webview has not taken yet: appends concatenate, a
// replace wins, other series keep their own entry and their order.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { MetricsSeries } from '../../../src/shared/metricsData';
import { mergeSeries, PendingSeries } from '../../../src/shared/seriesMerge';

const series = (runId: string, key: string, mode: MetricsSeries['mode'], steps: number[]): MetricsSeries => ({
  runId,
  key,
  mode,
  step: steps,
  value: steps.map((s) => (s === 3 ? 'NaN' : s / 10)),
  timestamp: steps.map((s) => 1000 + s),
  relative: steps.map((s) => s),
  lo: steps.map((s) => s / 10 - 1),
  hi: steps.map((s) => s / 10 + 1),
});

test('appends after an append or a replace keep the earlier mode and every column in step order', () => {
  const merged = mergeSeries(series('a', 'loss', 'append', [4, 5]), series('a', 'loss', 'append', [6]));
  assert.deepEqual(merged, series('a', 'loss', 'append', [4, 5, 6]));
  const replaced = mergeSeries(series('a', 'loss', 'replace', [0, 1, 2, 3]), series('a', 'loss', 'append', [4]));
  assert.deepEqual(replaced, series('a', 'loss', 'replace', [0, 1, 2, 3, 4]));
  assert.equal(replaced.value[3], 'NaN', 'wire values travel as they are');
});

test('a later replace wins whole; the earlier message is not changed by a merge', () => {
  const earlier = series('a', 'loss', 'append', [4, 5]);
  assert.deepEqual(mergeSeries(earlier, series('a', 'loss', 'replace', [0, 2, 4, 6])), series('a', 'loss', 'replace', [0, 2, 4, 6]));
  mergeSeries(earlier, series('a', 'loss', 'append', [6]));
  assert.deepEqual(earlier.step, [4, 5]);
});

test('different series are never merged into each other', () => {
  assert.throws(() => mergeSeries(series('a', 'loss', 'append', [1]), series('b', 'loss', 'append', [2])), /different series/);
  assert.throws(() => mergeSeries(series('a', 'loss', 'append', [1]), series('a', 'acc', 'append', [2])), /different series/);
});

test('pending series: one entry per run and key, in the order each first came; take empties it', () => {
  const pending = new PendingSeries();
  pending.add([series('a', 'loss', 'append', [1]), series('a', 'acc', 'append', [1])]);
  pending.add([series('b', 'loss', 'replace', [0, 1])]);
  pending.add([series('a', 'loss', 'append', [2, 3]), series('b', 'loss', 'append', [2])]);
  assert.equal(pending.size, 3);
  const taken = pending.take();
  assert.deepEqual(taken.map((s) => [s.runId, s.key, s.mode, s.step]), [
    ['a', 'loss', 'append', [1, 2, 3]],
    ['a', 'acc', 'append', [1]],
    ['b', 'loss', 'replace', [0, 1, 2]],
  ]);
  assert.equal(pending.size, 0);
  assert.deepEqual(pending.take(), []);
});
