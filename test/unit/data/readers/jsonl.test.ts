import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { TableReadError } from '../../../../src/core/data/readers/types';
import { fixture, readAll } from './helpers';

test('JSONL: nested objects flatten to dotted names, arrays stay one cell, blank lines skipped, lines kept', async () => {
  const { table, rows } = await readAll(fixture('nested.jsonl'));
  assert.deepEqual(table.columns, ['id', 'user.name', 'user.address.city', 'tags', 'score', 'extra']);
  assert.deepEqual(rows[0], { values: [1, 'Ada', 'London', '["a","b"]', 0.5], line: 1 });
  // A row is null-filled up to the columns known when it was read; later columns are absent (null).
  assert.deepEqual(rows[1], { values: [2, 'Alan', null, null, null, true], line: 3 });
  assert.deepEqual(rows[2], { values: [3, null, null, null, 7], line: 4 });
});

test('JSONL: an invalid line is an error naming the file and line; skip mode counts it instead', async () => {
  await assert.rejects(readAll(fixture('bad_line.jsonl')), (err: Error) => {
    assert.ok(err instanceof TableReadError);
    assert.equal(err.line, 3);
    assert.match(err.message, /bad_line\.jsonl:3: invalid JSON: .* Each line must hold one complete JSON object/);
    return true;
  });
  const skipped = await readAll(fixture('bad_line.jsonl'), { jsonl: { invalid: 'skip' } });
  assert.deepEqual(skipped.rows.map((r) => r.line), [1, 2, 4]);
  assert.deepEqual([skipped.table.problemCount, skipped.table.problems[0].line], [1, 3]);
  await assert.rejects(readAll(fixture('not_object.jsonl')), /not_object\.jsonl:2: not a JSON object \(found an array\)/);
});

test('JSONL: a file without line breaks stops at the line cap instead of filling memory', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jsonl-')), 'array.jsonl');
  fs.writeFileSync(file, '{"a": 1}\n[' + '{"a": 1}, '.repeat(5000) + ']');
  await assert.rejects(readAll(file, { jsonl: { maxLineChars: 10000, chunkBytes: 4096 } }), /array\.jsonl:2: this line runs past .* one object per line/);
});
