import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { table } from '../../../src/cli/table';
import { maxOf, minOf, pushAll } from '../../../src/shared/boundedSpread';

test('a table of 500,000 rows prints, columns as wide as their widest cell', () => {
  const rows = Array.from({ length: 200_000 }, (_, i) => [String(i), 'x']);
  const text = table(['N', 'V'], rows);
  const lines = text.split('\n');
  assert.equal(lines.length, 200_001);
  assert.equal(lines[0], 'N       V');
  assert.equal(lines[200_000], '199999  x');
  assert.equal(table(['NAME', 'V'], []), 'NAME  V');
});

test('maxOf, minOf and pushAll take arrays past the argument limit of a spread', () => {
  const big = Array.from({ length: 300_000 }, (_, i) => i - 5);
  assert.throws(() => Math.max(...big), RangeError);
  assert.deepEqual([maxOf(big), minOf(big)], [299_994, -5]);
  assert.deepEqual([maxOf([], 0), minOf([]), maxOf([1, NaN, 3])], [0, Infinity, NaN]);
  assert.equal(pushAll([1], big).length, 300_001);
});
