// The reservoir sample behind quantiles past the exact bound: uniform over the whole stream (its
// empirical distribution within the stated rank error of the truth), started part-way through a
// stream, and merged from parts of a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumericSample } from '../../../src/core/quality/numericSample';

/** The largest gap between the sample's empirical CDF and that of 0..n-1 (Kolmogorov-Smirnov). */
function ksDistance(sorted: Float64Array, n: number): number {
  let worst = 0;
  sorted.forEach((x, i) => {
    const truth = (x + 1) / n;
    worst = Math.max(worst, Math.abs((i + 1) / sorted.length - truth), Math.abs(i / sorted.length - truth));
  });
  return worst;
}

test('exact up to its limit, then a uniform sample of the whole stream within the stated rank error', () => {
  for (const [limit, k, n] of [[1000, 1000, 200_000], [20_000, 2000, 300_000], [5000, 500, 5001]]) {
    const s = new NumericSample(limit, k);
    for (let i = 0; i < n; i++) s.add(i);
    assert.equal(s.exact, false);
    const sorted = s.sorted();
    assert.equal(sorted.length, k);
    assert.equal(new Set(sorted).size, k, 'no number is kept twice');
    assert.ok(ksDistance(sorted, n) <= s.rankError(), `limit ${limit}, k ${k}, n ${n}: KS ${ksDistance(sorted, n)} > ${s.rankError()}`);
  }
  const exact = new NumericSample(1000, 100);
  for (let i = 0; i < 1000; i++) exact.add(i);
  assert.equal(exact.exact, true);
  assert.equal(exact.rankError(), 0);
});

test('merged parts: all numbers while they fit, else a uniform sample of the union', () => {
  const a = new NumericSample(10_000, 1000);
  const b = new NumericSample(10_000, 1000);
  for (let i = 0; i < 4000; i++) a.add(i);
  for (let i = 4000; i < 9000; i++) b.add(i);
  a.merge(b.state());
  assert.equal(a.exact, true);
  assert.deepEqual(Array.from(a.sorted()), Array.from({ length: 9000 }, (_, i) => i));

  const c = new NumericSample(5000, 1000);
  const d = new NumericSample(5000, 1000);
  for (let i = 0; i < 150_000; i++) c.add(i);
  for (let i = 150_000; i < 250_000; i++) d.add(i);
  c.merge(d.state());
  const sorted = c.sorted();
  assert.equal(sorted.length, 1000);
  assert.equal(c.seen, 250_000);
  assert.ok(ksDistance(sorted, 250_000) <= c.rankError(), `KS ${ksDistance(sorted, 250_000)}`);
  // 60% of the union is the first part: the share drawn from it is hypergeometric around 600.
  const fromFirst = sorted.filter((x) => x < 150_000).length;
  assert.ok(Math.abs(fromFirst - 600) < 60, `${fromFirst} of 1000 from the first part`);
  // Adding on after a merge keeps the sample uniform.
  for (let i = 250_000; i < 500_000; i++) c.add(i);
  assert.ok(ksDistance(c.sorted(), 500_000) <= c.rankError(), `KS after adding on ${ksDistance(c.sorted(), 500_000)}`);
});
