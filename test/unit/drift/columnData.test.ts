// A table read into drift data in one pass, on real CSV, JSONL and Parquet files: types as profiles
// infer them, nulls, NaN and infinities counted apart, values sorted, row order kept when asked,
// progress and cancellation, and a malformed file's file:line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DriftAborted, readColumnData, type ColumnData } from '../../../src/core/drift/columnData';
import { TableReadError } from '../../../src/core/data/readers/types';
import { tempWorkspace } from '../tempWorkspace';

const tables = path.join(__dirname, '..', '..', 'fixtures', 'tables');

function write(name: string, text: string): string {
  const file = path.join(tempWorkspace(), name);
  fs.writeFileSync(file, text);
  return file;
}

const byName = (cols: ColumnData[], name: string) => cols.find((c) => c.name === name)!;

test('CSV: numbers sorted and finite; nulls (pandas tokens), infinities counted apart; datetimes as epoch ms; booleans and text as categories', async () => {
  const file = write('t.csv', ['n,i,d,b,s,mixed,empty', '3.5,2,2024-01-02,True,x,1,', 'NA,1,2024-01-01,false,y,a,', 'inf,,,TRUE,x,2.50,', '-1,3,2024-01-03,,,b,', '-inf,5,2024-01-01,False,x,,'].join('\n') + '\n');
  const data = await readColumnData(file);
  assert.equal(data.rows, 5);
  const n = byName(data.columns, 'n');
  assert.equal(n.type, 'numeric');
  assert.deepEqual(n.type === 'numeric' && Array.from(n.values), [-1, 3.5]);
  assert.deepEqual([n.nulls, n.nan, n.infinite], [1, 0, 2]);
  const i = byName(data.columns, 'i');
  assert.deepEqual([i.type, i.sourceType, i.nulls], ['numeric', 'integer', 1]);
  assert.deepEqual(i.type === 'numeric' && Array.from(i.values), [1, 2, 3, 5]);
  const d = byName(data.columns, 'd');
  assert.equal(d.sourceType, 'datetime');
  assert.deepEqual(d.type === 'numeric' && Array.from(d.values), [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
  const b = byName(data.columns, 'b');
  assert.deepEqual([b.type, b.sourceType], ['categorical', 'boolean']);
  assert.deepEqual(b.type === 'categorical' && Object.fromEntries(b.counts), { true: 2, false: 2 });
  const s = byName(data.columns, 's');
  assert.deepEqual(s.type === 'categorical' && Object.fromEntries(s.counts), { x: 3, y: 1 });
  assert.equal(s.nulls, 1);
  // Numbers and text in one column: text, the numbers spelled as String(n) does.
  const mixed = byName(data.columns, 'mixed');
  assert.deepEqual(mixed.type === 'categorical' && Object.fromEntries(mixed.counts), { a: 1, b: 1, '1': 1, '2.5': 1 });
  const empty = byName(data.columns, 'empty');
  assert.deepEqual([empty.type, empty.sourceType, empty.nulls], ['categorical', 'null', 5]);
});

test('JSONL: native numbers and booleans; a column first seen late is null before it', async () => {
  const file = write('t.jsonl', ['{"x": 1.5, "y": true}', '{"x": null, "y": false}', '{"x": 2, "z": "late"}'].join('\n') + '\n');
  const data = await readColumnData(file);
  const x = byName(data.columns, 'x');
  assert.deepEqual(x.type === 'numeric' && Array.from(x.values), [1.5, 2]);
  assert.equal(x.nulls, 1);
  const z = byName(data.columns, 'z');
  assert.equal(z.nulls, 2);
  assert.deepEqual(z.type === 'categorical' && Object.fromEntries(z.counts), { late: 1 });
  const y = byName(data.columns, 'y');
  assert.equal(y.nulls, 1);
});

test('Parquet is read through the same readers', async () => {
  const data = await readColumnData(path.join(tables, 'small.parquet'));
  assert.ok(data.rows > 0);
  assert.ok(data.columns.length > 0);
  for (const c of data.columns) if (c.type === 'numeric') assert.ok(c.values.every((v, k) => k === 0 || c.values[k - 1] <= v));
});

test('row order is kept when asked; include reads only the columns named', async () => {
  const file = write('t.csv', 'a,b\n3,x\n1,y\n2,x\n');
  const data = await readColumnData(file, { keepRowOrder: true, include: (n) => n !== 'b' });
  assert.deepEqual(data.columns.map((c) => c.name), ['a']);
  const a = data.columns[0];
  assert.deepEqual(a.type === 'numeric' && [Array.from(a.values), Array.from(a.rowOrder!)], [[1, 2, 3], [3, 1, 2]]);
  const b = (await readColumnData(file, { keepRowOrder: true })).columns[1];
  assert.deepEqual(b.type === 'categorical' && b.rowOrder && Array.from(b.rowOrder.codes, (k) => b.rowOrder!.categories[k]), ['x', 'y', 'x']);
});

test('progress reaches 1; an aborted signal stops the read with DriftAborted', async () => {
  const rows = ['v'];
  for (let i = 0; i < 50_000; i++) rows.push(String(i));
  const file = write('big.csv', rows.join('\n') + '\n');
  const seen: number[] = [];
  await readColumnData(file, { onProgress: (f) => seen.push(f) });
  assert.equal(seen[seen.length - 1], 1);
  assert.ok(seen.every((f, k) => k === 0 || f >= seen[k - 1]));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(readColumnData(file, { signal: controller.signal }), DriftAborted);
});

test('a malformed file is a TableReadError naming file:line', async () => {
  await assert.rejects(readColumnData(path.join(tables, 'bad_line.jsonl')), (e: Error) => e instanceof TableReadError && /bad_line\.jsonl:\d+/.test(e.message));
});
