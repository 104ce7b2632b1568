// Each expectation kind passing and failing, with the lines of unexpected rows as the file has them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Expectation } from '../../../src/core/config/types';
import { validateFile } from '../../../src/core/quality/validate';

// Line 3 holds a quoted field spanning two lines, so the row after it starts on line 5.
const CSV = [
  'id,age,label,start,end,code,day',
  '1,34,a,1,2,AB1,2024-01-31',
  '2,,b,5,9,"AB2',
  'x",2024-02-30',
  '3,150,c,3,3,ab3,2024-02-29',
  '3,20,a,4,8,AB4,31/01/2024',
  '',
].join('\n');

function csv(text = CSV): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
  const file = path.join(dir, 'train.csv');
  fs.writeFileSync(file, text);
  return file;
}

async function one(e: Expectation) {
  const r = await validateFile(csv(), [e]);
  return r.results[0];
}

test('row checks: unexpected rows carry the line the row starts on', async () => {
  const notNull = await one({ expect: 'notNull', column: 'age' });
  assert.equal(notNull.success, false);
  assert.deepEqual(notNull.unexpectedRows, [{ line: 3, value: '' }]);
  assert.equal(notNull.checked, 4);
  assert.equal(notNull.observed, 0.25);

  const between = await one({ expect: 'between', column: 'age', min: 0, max: 120 });
  assert.deepEqual([between.success, between.unexpectedRows], [false, [{ line: 5, value: '150' }]]);
  assert.equal(between.checked, 3, 'nulls are not judged by range checks');
  assert.equal((await one({ expect: 'between', column: 'age', min: 20, max: 150 })).success, true);
  assert.equal((await one({ expect: 'between', column: 'age', min: 20, max: 150, strict: true })).unexpectedCount, 2);

  const unique = await one({ expect: 'unique', column: 'id' });
  assert.deepEqual(unique.unexpectedRows, [{ line: 6, value: '3' }]);
  assert.equal((await one({ expect: 'compoundUnique', columns: ['id', 'label'] })).success, true);

  const inSet = await one({ expect: 'inSet', column: 'label', values: ['a', 'b'] });
  assert.deepEqual(inSet.unexpectedRows, [{ line: 5, value: 'c' }]);
  assert.equal((await one({ expect: 'inSet', column: 'id', values: [1, 2, 3.0] })).success, true, 'numbers compare as numbers');

  assert.equal((await one({ expect: 'type', column: 'age', type: 'integer' })).success, true);
  assert.deepEqual((await one({ expect: 'type', column: 'code', type: 'integer' })).unexpectedCount, 4);

  const regex = await one({ expect: 'regex', column: 'code', pattern: '^[A-Z]{2}\\d$' });
  assert.deepEqual(regex.unexpectedRows.map((r) => r.line), [3, 5]);

  const date = await one({ expect: 'dateFormat', column: 'day', format: '%Y-%m-%d' });
  assert.deepEqual(date.unexpectedRows, [{ line: 3, value: '2024-02-30' }, { line: 6, value: '31/01/2024' }]);
  assert.equal((await one({ expect: 'dateFormat', column: 'day', format: '%d/%m/%Y', mostly: 0.25 })).success, true);

  const len = await one({ expect: 'lengthBetween', column: 'code', max: 3 });
  assert.deepEqual(len.unexpectedRows.map((r) => r.line), [3]);

  const pair = await one({ expect: 'columnPairGreaterThan', column: 'end', other: 'start' });
  assert.deepEqual(pair.unexpectedRows, [{ line: 5, value: { end: '3', start: '3' } }]);
  assert.equal((await one({ expect: 'columnPairGreaterThan', column: 'end', other: 'start', orEqual: true })).success, true);
});

test('mostly: the share of judged rows that must pass', async () => {
  assert.equal((await one({ expect: 'notNull', column: 'age', mostly: 0.75 })).success, true);
  assert.equal((await one({ expect: 'notNull', column: 'age', mostly: 0.76 })).success, false);
});

test('table and aggregate checks', async () => {
  assert.equal((await one({ expect: 'columnsExist', columns: ['id', 'age'] })).success, true);
  const missing = await one({ expect: 'columnsExist', columns: ['id', 'weight'] });
  assert.deepEqual([missing.success, missing.message], [false, 'missing: weight']);
  assert.equal((await one({ expect: 'columnsMatchSet', columns: ['day', 'code', 'end', 'start', 'label', 'age', 'id'] })).success, true);
  assert.equal((await one({ expect: 'columnsMatchOrderedList', columns: ['day', 'code', 'end', 'start', 'label', 'age', 'id'] })).success, false);
  const rows = await one({ expect: 'rowCountBetween', min: 5 });
  assert.deepEqual([rows.success, rows.observed], [false, 4]);
  // ages 34, 150, 20: mean 68, median 34, sample std as numpy.std(ddof=1)
  const mean = await one({ expect: 'meanBetween', column: 'age', min: 60, max: 70 });
  assert.deepEqual([mean.success, mean.observed], [true, 68]);
  assert.equal((await one({ expect: 'medianBetween', column: 'age', max: 30 })).observed, 34);
  const std = await one({ expect: 'stdBetween', column: 'age', max: 10 });
  assert.equal(std.success, false);
  assert.ok(Math.abs((std.observed as number) - 71.35825109964509) < 1e-9);
  // numpy.quantile([20, 34, 150], 0.9) = 126.8
  assert.ok(Math.abs(((await one({ expect: 'quantileBetween', column: 'age', quantile: 0.9, min: 100 })).observed as number) - 126.8) < 1e-9);
  assert.equal((await one({ expect: 'uniqueProportionBetween', column: 'id', min: 1 })).observed, 0.75);
});

test('a missing column or a bad argument fails with a message; warnings do not fail the whole', async () => {
  const r = await validateFile(csv(), [
    { expect: 'notNull', column: 'weight' },
    { expect: 'regex', column: 'code', pattern: '(' },
    { expect: 'notNull', column: 'age', severity: 'warning' },
  ]);
  assert.match(r.results[0].message!, /column "weight" not found in .*train\.csv \(columns: id, age/);
  assert.match(r.results[1].message!, /not a valid regular expression/);
  assert.equal(r.success, false);
  const warnOnly = await validateFile(csv(), [{ expect: 'notNull', column: 'age', severity: 'warning' }]);
  assert.deepEqual([warnOnly.success, warnOnly.results[0].success], [true, false]);
});

test('a kind outside the schema (stored by another version, sent by a worker) fails with its name, the rest still run', async () => {
  const stale = JSON.parse('{"expect": "notEmpty", "column": "age"}') as Expectation;
  const r = await validateFile(csv(), [stale, { expect: 'unique', column: 'id' }]);
  assert.deepEqual([r.results[0].success, r.results[0].message], [false, 'unknown expectation "notEmpty".']);
  assert.equal(r.results[1].unexpectedCount, 1, 'the known expectation is judged as usual');
  assert.equal(r.success, false);
});

test('unexpected rows are capped at 20, the count is not', async () => {
  const text = 'x\n' + Array.from({ length: 50 }, (_, i) => String(i)).join('\n') + '\n';
  const r = await validateFile(csv(text), [{ expect: 'between', column: 'x', max: -1 }]);
  assert.equal(r.results[0].unexpectedCount, 50);
  assert.equal(r.results[0].unexpectedRows.length, 20);
  assert.equal(r.results[0].unexpectedRows[0].line, 2);
});
