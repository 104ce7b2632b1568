import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { openCsv } from '../../../../src/core/data/readers/csv';
import { CsvParser } from '../../../../src/core/data/readers/csvParser';
import { sniffDelimiter } from '../../../../src/core/data/readers/csvSniff';
import { TableReadError, type TableRow } from '../../../../src/core/data/readers/types';
import { fixture, readAll } from './helpers';

const values = (rows: TableRow[]) => rows.map((r) => r.values);
const lines = (rows: TableRow[]) => rows.map((r) => r.line);

test('quoted fields: delimiters, doubled quotes and newlines inside quotes; each row keeps the line it starts on', async () => {
  const { table, rows } = await readAll(fixture('quotes.csv'));
  assert.deepEqual(table.columns, ['id', 'name', 'comment']);
  assert.deepEqual(values(rows), [
    ['1', 'Smith, John', 'said "hi"'],
    ['2', 'Lee', 'two\nlines'],
    ['3', 'Ann', 'three\r\nlines\nhere'],
    ['4', '', 'plain'],
  ]);
  assert.deepEqual(lines(rows), [2, 3, 5, 8]);
});

test('UTF-8 BOM and CRLF: the BOM is not part of the first name, CR is not part of the last field', async () => {
  const { table, rows } = await readAll(fixture('bom_crlf.csv'));
  assert.deepEqual(table.columns, ['id', 'city', 'temp']);
  assert.deepEqual(values(rows), [['1', 'Oslo', '-3.5'], ['2', 'Rio\r\nde Janeiro', '31.0'], ['3', 'Lima', '18.25']]);
  assert.deepEqual(lines(rows), [2, 3, 5]);
});

test('empty file and header-only file', async () => {
  const empty = await readAll(fixture('empty.csv'));
  assert.deepEqual([empty.table.columns, empty.rows.length, empty.table.problemCount], [[], 0, 0]);
  const header = await readAll(fixture('header_only.csv'));
  assert.deepEqual([header.table.columns, header.table.hasHeader, header.rows.length], [['a', 'b', 'c'], true, 0]);
});

test('delimiter sniffed among , ; tab |, quotes honoured; a decimal comma does not fool it', async () => {
  for (const [name, d, cols, last] of [
    ['semicolon.csv', ';', ['name', 'price', 'note'], ['gadget', '2,75', 'c']],
    ['tab.csv', '\t', ['name', 'age', 'city'], ['Alan', '41', 'Wilmslow']],
    ['pipe.csv', '|', ['key', 'value'], ['c', '3|4']],
  ] as const) {
    const { table, rows } = await readAll(fixture(name));
    assert.equal(table.delimiter, d, name);
    assert.deepEqual(table.columns, cols, name);
    assert.deepEqual(rows.at(-1)?.values, last, name);
    assert.equal(table.problemCount, 0, name);
  }
  assert.equal(sniffDelimiter('a,b;c\n1,2;3\n'), ',');
  assert.equal(sniffDelimiter('"a;b",c\n"x;y",z\n'), ',');
  assert.equal(sniffDelimiter('single\ncolumn\n'), ',');
});

test('header detection: typed columns under a text first row mean a header; all-typed first row means data', async () => {
  const noHeader = await readAll(fixture('no_header.csv'));
  assert.equal(noHeader.table.hasHeader, false);
  assert.deepEqual(noHeader.table.columns, ['column1', 'column2', 'column3']);
  assert.deepEqual(noHeader.rows[0], { values: ['1', '2.5', 'true'], line: 1 });
  const forced = await readAll(fixture('no_header.csv'), { csv: { header: true } });
  assert.deepEqual(forced.table.columns, ['1', '2.5', 'true']);
  assert.equal(forced.rows.length, 2);
});

test('ragged rows are counted and reported with their line, flagged and never padded; blank lines are skipped', async () => {
  const { table, rows } = await readAll(fixture('ragged.csv'));
  assert.deepEqual(values(rows), [['1', '2', '3'], ['4', '5'], ['6', '7', '8'], ['9', '10', '11', '12'], ['13', '14', '15']]);
  assert.deepEqual(lines(rows), [2, 3, 4, 5, 7]);
  assert.deepEqual(rows[1].ragged, { expected: 3, actual: 2 });
  assert.deepEqual(rows[3].ragged, { expected: 3, actual: 4 });
  assert.equal(rows[0].ragged, undefined);
  assert.equal(table.problemCount, 2);
  assert.deepEqual(table.problems.map((p) => p.line), [3, 5]);
  assert.match(table.problems[0].message, /ragged row: 2 fields where the header has 3\. Add the missing fields/);
  assert.match(table.problems[1].message, /4 fields .* Quote fields that contain the delimiter ","/);
  assert.equal(table.problems[0].file, fixture('ragged.csv'));

  const skipped = await readAll(fixture('ragged.csv'), { csv: { ragged: 'skip' } });
  assert.deepEqual(lines(skipped.rows), [2, 4, 7]);
  assert.equal(skipped.table.problemCount, 2);

  await assert.rejects(readAll(fixture('ragged.csv'), { csv: { ragged: 'error' } }), (err: TableReadError) => {
    assert.ok(err instanceof TableReadError);
    assert.equal(err.line, 3);
    assert.ok(err.message.startsWith(`${fixture('ragged.csv')}:3: ragged row`));
    return true;
  });
});

test('an unclosed quote is an error naming the file and the line where the quote opens', async () => {
  await assert.rejects(readAll(fixture('unclosed_quote.csv')), (err: Error) => {
    assert.ok(err instanceof TableReadError);
    assert.equal(err.line, 3);
    assert.equal(err.message, `${fixture('unclosed_quote.csv')}:3: unclosed quote: the quoted field that opens on this line never ends (the file ends inside it). Close the field with a quote ("), and double any quote inside a field ("").`);
    return true;
  });
});

test('a runaway quoted field stops at the record size cap instead of filling memory', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csv-')), 'runaway.csv');
  fs.writeFileSync(file, 'a,b\n1,2\n3,"' + 'x,y\n'.repeat(20000));
  await assert.rejects(readAll(file, { csv: { maxRecordChars: 10000, chunkBytes: 4096 } }), /runaway\.csv:3: the record starting here runs past .* closing quote/);
});

test('the last row without a trailing newline is read', async () => {
  const { rows } = await readAll(fixture('no_trailing_newline.csv'));
  assert.deepEqual(values(rows), [['1', '2'], ['3', '4']]);
});

// Random records through an RFC 4180 writer, parsed back in chunks of every small size: chunk borders
// fall inside quotes, between CR and LF, and between a quote and its double.
test('any chunking gives the same records and lines (randomised round trip)', () => {
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const pieces = ['a', 'b', '"', ',', '\n', '\r\n', ' ', 'é', '1', ';'];
  for (let round = 0; round < 60; round++) {
    const width = 1 + rand(4);
    const records: string[][] = [];
    for (let r = 0; r < 1 + rand(12); r++) records.push(Array.from({ length: width }, () => Array.from({ length: rand(6) }, () => pieces[rand(pieces.length)]).join('')));
    const eol = rand(2) ? '\r\n' : '\n';
    const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' || rand(3) === 0 ? `"${f.replace(/"/g, '""')}"` : f);
    const text = records.map((r) => r.map(quote).join(',')).join(eol) + (rand(2) ? eol : '');
    const expectedLines: number[] = [];
    let line = 1;
    for (const r of records) {
      expectedLines.push(line);
      line += (r.join(',').match(/\n/g) ?? []).length + 1;
    }
    for (const size of [1, 2, 3, 5, 8, 1000]) {
      const parser = new CsvParser('mem.csv', ',');
      const out: TableRow[] = [];
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size), out);
      parser.end(out);
      assert.deepEqual(values(out), records, `round ${round}, chunk ${size}: ${JSON.stringify(text)}`);
      assert.deepEqual(lines(out), expectedLines, `round ${round}, chunk ${size}`);
    }
  }
});

test('streaming from a file in small chunks gives the rows of one big read (multi-byte characters split across chunks)', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csv-')), 'chunks.csv');
  const body = Array.from({ length: 500 }, (_, i) => `${i},"naïve ""${i}""\n€",${i % 7 === 0 ? '' : 'ü' + i}`).join('\r\n');
  fs.writeFileSync(file, `id,text,more\r\n${body}\r\n`);
  const whole = await readAll(file);
  const small = await openCsv(file, { chunkBytes: 7 });
  const rows: TableRow[] = [];
  const progress: number[] = [];
  for await (const batch of small.batches()) {
    rows.push(...batch);
    progress.push(small.progress());
  }
  assert.ok(progress.every((p, i) => p > 0 && p <= 1 && (i === 0 || p >= progress[i - 1])), 'progress grows from 0 to 1');
  assert.equal(progress.at(-1), 1);
  assert.equal(whole.rows.length, 500);
  assert.deepEqual(rows, whole.rows);
  assert.deepEqual(rows[1], { values: ['1', 'naïve "1"\n€', 'ü1'], line: 4 });
});

test('a table streams once; close() releases it early', async () => {
  const table = await openCsv(fixture('quotes.csv'));
  for await (const _ of table.batches()) break;
  await assert.rejects(async () => {
    for await (const _ of table.batches());
  }, /already being read/);
  const other = await openCsv(fixture('quotes.csv'));
  await other.close();
});

test('a file that is not UTF-8 is read, with one problem naming the first line that did not decode', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csv-')), 'latin1.csv');
  fs.writeFileSync(file, Buffer.from('name,city\nAda,London\nJos\xe9,S\xe3o Paulo\n', 'latin1'));
  const { table, rows } = await readAll(file);
  assert.equal(rows.length, 2);
  assert.equal(table.problemCount, 1);
  assert.equal(table.problems[0].line, 3);
  assert.match(table.problems[0].message, /not UTF-8.*Save the file as UTF-8/);
});
