// The same table as CSV, JSONL and Parquet gets the same types and histograms: whole numbers written
// as floats (JSONL's 1.0, a Parquet DOUBLE) are float, as CSV's "1.0" is; lengths are the file's text.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { numbersAsWritten } from '../../../src/core/data/readers/jsonl';
import { profileFile } from '../../../src/core/quality/profile';
import { tempWorkspace } from '../tempWorkspace';

const xs = [1, 2, 2, 3, 5, 8];

test('CSV, JSONL and Parquet of whole floats: float type, equal histograms and figures', async () => {
  const dir = tempWorkspace();
  fs.writeFileSync(path.join(dir, 't.csv'), 'x,n\n' + xs.map((x, i) => `${x}.0,${i}`).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 't.jsonl'), xs.map((x, i) => `{"x": ${x}.0, "n": ${i}}`).join('\n') + '\n');
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const parquet = parquetWriteBuffer({ columnData: [{ name: 'x', data: xs, type: 'DOUBLE' }, { name: 'n', data: xs.map((_, i) => i), type: 'INT32' }] });
  fs.writeFileSync(path.join(dir, 't.parquet'), new Uint8Array(parquet));
  const [csv, jsonl, pq] = await Promise.all(['t.csv', 't.jsonl', 't.parquet'].map((f) => profileFile(path.join(dir, f))));
  for (const p of [csv, jsonl, pq]) {
    assert.deepEqual(p.columns.map((c) => c.type), ['float', 'integer'], p.format);
    assert.deepEqual(p.columns[0].histogram, csv.columns[0].histogram, p.format);
    assert.deepEqual([p.columns[0].mean, p.columns[0].min, p.columns[0].max], [csv.columns[0].mean, 1, 8], p.format);
  }
  // Float edges: numpy widens integer bins to 1, not float ones.
  assert.notDeepEqual(csv.columns[0].histogram!.edges.slice(0, 2), [1, 2]);
  // Lengths as written: "1.0" is 3 characters in CSV and JSONL alike.
  assert.deepEqual(jsonl.columns[0].lengths, csv.columns[0].lengths);
});

test('JSONL numbers keep the text the file has where String() would change it; strings are left alone', async () => {
  assert.equal(numbersAsWritten('{"a": 1, "b": 2.5, "c": "1.0"}'), null);
  assert.equal(numbersAsWritten('{"a": 1.0, "b": [1e308, 0.50], "c": "x 2.0"}'), '{"a": "\\u00001.0", "b": ["\\u00001e308", "\\u00000.50"], "c": "x 2.0"}');
  // A file's own escaped NUL: nothing is marked, numbers read as before.
  assert.equal(numbersAsWritten('{"a": 1.0, "b": "\\u0000"}'), null);
  const file = path.join(tempWorkspace(), 'w.jsonl');
  fs.writeFileSync(file, '{"x": 1e308, "s": "1.0"}\n{"x": 2.50, "s": "abc"}\n');
  const [x, s] = (await profileFile(file)).columns;
  assert.equal(x.type, 'float');
  assert.deepEqual(x.lengths, { min: 4, mean: 4.5, max: 5 });
  assert.deepEqual([x.min, x.max], [2.5, 1e308]);
  assert.deepEqual(s.lengths, { min: 3, mean: 3, max: 3 });
});
