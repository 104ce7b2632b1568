// Lines before the data (a title, a count, a comment): skipped with a notice by the row reader and
// the byte-level profiler alike, or as skipRows and comment say; both paths give the same rows.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openTable } from '../../../../src/core/data/readers/openTable';
import type { CsvOptions } from '../../../../src/core/data/readers/csv';
import { profileFile } from '../../../../src/core/quality/profile';
import { tempWorkspace } from '../../tempWorkspace';

const fixtures = path.resolve(__dirname, '../../../fixtures/tables');

/** Every row the row reader yields, and its notices. */
async function read(file: string, csv: CsvOptions = {}) {
  const table = await openTable(file, { csv });
  const rows: { line: number; values: unknown[]; ragged: boolean }[] = [];
  for await (const r of table) rows.push({ line: r.line, values: r.values, ragged: !!r.ragged });
  return { table, rows, kept: rows.filter((r) => !r.ragged) };
}

/** The profile in one pass on this thread and in parts on workers: both must agree with the rows. */
async function profiles(file: string, csv: CsvOptions = {}) {
  return [await profileFile(file, { csv, threads: 1 }), await profileFile(file, { csv, threads: 3, partBytes: 16 })];
}

for (const [name, rows, width] of [['wine_like.csv', 12, 14], ['breast_cancer_like.csv', 10, 31]] as const) {
  test(`${name}: the count line is skipped with a notice; the rows read as data, none ragged, in both readers`, async () => {
    const file = path.join(fixtures, name);
    const { table, rows: all } = await read(file);
    assert.equal(all.length, rows);
    assert.ok(all.every((r) => !r.ragged && r.values.length === width));
    assert.equal(all[0].line, 2);
    assert.equal(table.hasHeader, false);
    assert.equal(table.columns.length, width);
    assert.equal(table.notices.length, 1);
    assert.match(table.notices[0], /^line 1 skipped before the data \("\d+,\d+,[a-z_0-9,]+"\): \d fields where the rows after it have \d+\. .*"skipRows": 0/);
    for (const p of await profiles(file)) {
      assert.deepEqual([p.rows, p.raggedRows, p.columns.length], [rows, 0, width]);
      assert.deepEqual(p.notes, table.notices);
      assert.equal(p.columns[width - 1].type, 'integer');
    }
  });
}

test('skipRows 0 reads the count line as the header: every row ragged, as before, and the profile says so', async () => {
  const file = path.join(fixtures, 'wine_like.csv');
  const { table, rows } = await read(file, { skipRows: 0 });
  assert.equal(table.notices.length, 0);
  assert.equal(table.columns.length, 5);
  assert.ok(rows.every((r) => r.ragged));
  for (const p of await profiles(file, { skipRows: 0 })) {
    assert.deepEqual([p.rows, p.raggedRows], [0, 12]);
    assert.match(p.notes![0], /^12 of 12 rows are ragged .* "allowRagged": true/);
  }
});

test('a # comment above the header is skipped even with as many fields as the rows; comment "#" skips every comment line', async () => {
  const file = path.join(fixtures, 'comment_first.csv');
  const auto = await read(file);
  assert.deepEqual(auto.table.columns, ['id', 'x']);
  assert.match(auto.table.notices[0], /^line 1 skipped before the data .*a # comment above the header/);
  // Without the comment option the "# checked" line (line 5) is a ragged row of one field.
  assert.deepEqual(auto.rows.filter((r) => r.ragged).map((r) => r.line), [5]);
  const commented = await read(file, { comment: '#' });
  assert.deepEqual(commented.table.notices, []);
  assert.deepEqual(commented.rows.map((r) => [r.line, ...r.values]), [[3, '1', '2.5'], [4, '2', '3.5'], [6, '3', '4.5']]);
  for (const p of await profiles(file, { comment: '#' })) {
    assert.deepEqual([p.rows, p.raggedRows, p.columns.map((c) => c.name)], [3, 0, ['id', 'x']]);
    assert.equal(p.columns[1].mean, 3.5);
  }
});

test('skipRows N skips N lines (a quote in them included); the lines after keep their numbers; bad options name the fix', async () => {
  const file = path.join(tempWorkspace(), 'titled.csv');
  fs.writeFileSync(file, 'Sales "2024\nexported by hand\na,b\n1,2\n3,4\n');
  const { table, rows } = await read(file, { skipRows: 2 });
  assert.deepEqual(table.columns, ['a', 'b']);
  assert.deepEqual(rows.map((r) => r.line), [4, 5]);
  for (const p of await profiles(file, { skipRows: 2 })) assert.deepEqual([p.rows, p.columns[0].mean], [2, 2]);
  await assert.rejects(openTable(file, { csv: { skipRows: 9 } }), /skipRows 9 skips every line/);
  await assert.rejects(openTable(file, { csv: { skipRows: -1 } }), /skipRows -1 is not a number of lines\. Give a whole number/);
  await assert.rejects(openTable(file, { csv: { comment: '##' } }), /comment "##" is not one character/);
});

test('a header with its rows is never taken for a title line', async () => {
  const { table, rows } = await read(path.join(fixtures, 'ragged.csv'));
  assert.deepEqual(table.notices, []);
  assert.deepEqual(table.columns, ['x', 'y', 'z']);
  assert.equal(rows[0].line, 2);
});
