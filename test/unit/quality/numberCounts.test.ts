// The distinct-number table against a Map on the same numbers, past the size where its bit filter
// is made, with the values that trip such tables: 0 and -0, negatives, fractions, huge magnitudes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumberCounts, hashNumber } from '../../../src/core/quality/numberCounts';
import { seededRandom } from '../../../src/core/seededRandom';

test('counts equal a Map of the same numbers, first-seen order kept, absent numbers turned away', () => {
  const random = seededRandom(7);
  const table = new NumberCounts();
  const reference = new Map<number, { count: number; seq: number }>();
  let seq = 0;
  const add = (x: number) => {
    const key = x === 0 ? 0 : x;
    const h = hashNumber(x);
    if (table.increment(x, h)) reference.get(key)!.count++;
    else {
      assert.equal(reference.has(key), false, `${x} was known but the table said not`);
      table.insert(x, h, seq);
      reference.set(key, { count: 1, seq: seq++ });
    }
  };
  for (let i = 0; i < 60_000; i++) {
    const r = random();
    add(r < 0.3 ? Math.floor(r * 1000) : r < 0.6 ? -r * 1e6 : r < 0.9 ? Math.round(r * 1e7) / 100 : r * 1e300);
  }
  for (const x of [0, -0, 0, -0, 1e-320, -1e-320]) add(x);
  assert.equal(table.size, reference.size);
  let seen = 0;
  table.forEach((key, count, s) => {
    seen++;
    assert.deepEqual({ count, seq: s }, reference.get(key), `key ${key}`);
  });
  assert.equal(seen, reference.size);
  assert.equal(reference.get(0)!.count >= 4, true);
  for (const absent of [0.5, -2e9, 123456.789, 7e300]) assert.equal(table.increment(absent, hashNumber(absent)), reference.has(absent));
});
