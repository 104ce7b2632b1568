// The radix sort orders as Float64Array.prototype.sort does: negatives, -0 before +0, extremes, ties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../src/core/seededRandom';
import { sortFloat64 } from '../../../src/core/drift/sortFloat64';

test('equals the built-in sort on large mixed samples, small ones, and extremes', () => {
  const random = seededRandom(7);
  for (const n of [0, 1, 10, 5000, 100_000]) {
    const values = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? Math.round(random() * 10) - 5 : (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20)));
    if (n > 10) values.set([0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 1, 1, -1], 0);
    const expected = values.slice().sort();
    const actual = sortFloat64(values.slice());
    assert.equal(actual.length, expected.length);
    for (let i = 0; i < n; i++) assert.ok(Object.is(actual[i], expected[i]), `n=${n} index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
});

test('sorts a subarray view in place without touching the rest of its buffer', () => {
  const all = Float64Array.from({ length: 10_000 }, (_, i) => 10_000 - i);
  const view = all.subarray(2, 9_000);
  sortFloat64(view);
  assert.equal(all[0], 10_000);
  assert.equal(all[1], 9_999);
  assert.equal(view[0], 1_001);
  assert.equal(all[9_999], 1);
  for (let i = 1; i < view.length; i++) assert.ok(view[i - 1] <= view[i]);
});
