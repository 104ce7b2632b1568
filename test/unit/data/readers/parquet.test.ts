import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { openTable } from '../../../../src/core/data/readers/openTable';
import { TableReadError } from '../../../../src/core/data/readers/types';
import { fixture, readAll } from './helpers';

const expected = [
  [1, 'a', 0.5, true, 1],
  [2, 'b', 1.25, false, 2],
  // A whole DOUBLE keeps its point ('2.0'), typed float as CSV's "2.0"; beyond 2^53: kept exact as text.
  [3, null, '2.0', true, '9007199254740993'],
  [4, 'd', null, true, 4],
  [5, 'e', '-1.0', null, 5],
];

test('Parquet (snappy, gzip and zstd, two row groups): columns from the schema, rows numbered from 1', async () => {
  for (const name of ['small.parquet', 'small_gzip.parquet', 'small_zstd.parquet']) {
    const { table, rows } = await readAll(fixture(name));
    assert.equal(table.format, 'parquet');
    assert.deepEqual(table.columns, ['id', 'name', 'score', 'ok', 'big'], name);
    assert.deepEqual(rows.map((r) => r.values), expected, name);
    assert.deepEqual(rows.map((r) => r.line), [1, 2, 3, 4, 5], name);
  }
});

test('Parquet: row groups stream one at a time', async () => {
  const table = await openTable(fixture('small.parquet'));
  const sizes: number[] = [];
  const progress: number[] = [];
  for await (const batch of table.batches()) {
    sizes.push(batch.length);
    progress.push(table.progress());
  }
  assert.deepEqual(sizes, [3, 2]);
  assert.deepEqual(progress, [0.6, 1]);
});

test('Parquet: a corrupt row group is an error naming the file and the row group; a truncated file names the footer', async () => {
  await assert.rejects(readAll(fixture('corrupt.parquet')), (err: Error) => {
    assert.ok(err instanceof TableReadError);
    assert.match(err.message, /corrupt\.parquet:4: row group 2 of 2 \(rows 4-5\) cannot be decoded: .* check that it was copied completely/);
    return true;
  });
  await assert.rejects(readAll(fixture('truncated.parquet')), /truncated\.parquet: not a readable Parquet file \(.*PAR1.*\)/);
});

test('Parquet structs read as dotted columns, as JSONL objects do; a null struct gives null cells', async () => {
  const { table, rows } = await readAll(fixture('nested.parquet'));
  assert.deepEqual(table.columns, ['id', 'user.name', 'user.age']);
  assert.deepEqual(rows.map((r) => r.values), [[1, 'a', 1], [2, 'b', null], [3, null, null]]);
});
