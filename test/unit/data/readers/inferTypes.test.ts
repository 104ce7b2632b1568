import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { cellKind, parseDatetime, TypeInferrer } from '../../../../src/core/data/readers/inferTypes';
import { fixture, readAll } from './helpers';

test('cell kinds: integers, floats, booleans, datetimes, nulls (pandas NA tokens), strings', () => {
  const cases: [string | number | boolean | null, string][] = [
    ['42', 'integer'], ['-7', 'integer'], ['+3', 'integer'], ['007', 'integer'],
    ['1.5', 'float'], ['.5', 'float'], ['1e-3', 'float'], ['2.', 'float'], ['-inf', 'float'], ['Infinity', 'float'],
    ['true', 'boolean'], ['FALSE', 'boolean'], ['False', 'boolean'], ['yes', 'string'],
    ['2024-01-31', 'datetime'], ['2024-01-31T12:30:00Z', 'datetime'], ['2024-01-31 12:30', 'datetime'],
    ['2024-01-31T12:30:00.123456+05:30', 'datetime'], ['2024/01/31', 'datetime'], ['03/15/2024', 'datetime'],
    ['15/03/2024', 'datetime'], ['15.03.2024', 'datetime'], ['Mar 5, 2024', 'datetime'], ['5 March 2024', 'datetime'],
    ['2024-02-30', 'string'], ['2024-13-01', 'string'], ['13/13/2024', 'string'], ['Marzipan 5, 2024', 'string'],
    ['', 'null'], ['NA', 'null'], ['NaN', 'null'], ['null', 'null'], ['N/A', 'null'],
    ['1,5', 'string'], ['12abc', 'string'], ['-', 'string'], ['apple', 'string'],
    [3, 'integer'], [3.5, 'float'], [Number.NaN, 'null'], [true, 'boolean'], [null, 'null'],
  ];
  for (const [cell, kind] of cases) assert.equal(cellKind(cell), kind, JSON.stringify(cell));
});

test('datetimes parse to the right instant, zones applied', () => {
  assert.equal(parseDatetime('2024-03-01T00:00:00.123+01:00'), Date.UTC(2024, 1, 29, 23, 0, 0, 123));
  assert.equal(parseDatetime('2024-01-31'), Date.UTC(2024, 0, 31));
  assert.equal(parseDatetime('03/15/2024 14:05'), Date.UTC(2024, 2, 15, 14, 5));
  assert.equal(parseDatetime('05.03.2024'), Date.UTC(2024, 2, 5));
});

test('column types over a CSV: int+float is float, a mixed column is string, an all-empty column is null', async () => {
  const { table, rows } = await readAll(fixture('types.csv'));
  const inferrer = new TypeInferrer();
  for (const r of rows) inferrer.addRow(r.values);
  const types = Object.fromEntries(table.columns.map((c, i) => [c, inferrer.types()[i]]));
  assert.deepEqual(types, { int: 'integer', float: 'float', bool: 'boolean', date: 'datetime', when: 'datetime', word: 'string', mixed: 'string', empty: 'null' });
  assert.equal(inferrer.columns[0].counts.null, 1);
  assert.equal(inferrer.columns[1].counts.null, 1); // NaN
});

test('JSONL columns first seen late count the earlier rows as null', async () => {
  const { rows } = await readAll(fixture('nested.jsonl'));
  const inferrer = new TypeInferrer();
  for (const r of rows) inferrer.addRow(r.values);
  const extra = inferrer.columns[5];
  assert.deepEqual([extra.type, extra.counts.boolean, extra.counts.null], ['boolean', 1, 2]);
  assert.deepEqual(inferrer.types().slice(0, 5), ['integer', 'string', 'string', 'string', 'float']);
});
