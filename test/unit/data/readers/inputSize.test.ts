// No input size makes a reader quadratic or overflow the stack: a header of many repeated names, a
// JSON Lines record nested 100,000 deep.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { columnNames } from '../../../../src/core/data/readers/csvSniff';
import { openTable } from '../../../../src/core/data/readers/openTable';
import { TableReadError } from '../../../../src/core/data/readers/types';
import { tempWorkspace } from '../../tempWorkspace';

/** How many Set lookups `fn` makes: a deterministic count of the work, unlike a timing. */
function countSetLookups(fn: () => void): number {
  const has = Set.prototype.has;
  let n = 0;
  Set.prototype.has = function (this: Set<unknown>, v: unknown) {
    n++;
    return has.call(this, v);
  };
  try {
    fn();
  } finally {
    Set.prototype.has = has;
  }
  return n;
}

test('repeated header names get pandas-style suffixes in linear work', () => {
  assert.deepEqual(columnNames(['a', 'a', 'a.1', 'a', '', 'b', ''], 7), ['a', 'a.1', 'a.1.1', 'a.2', 'column5', 'b', 'column7']);
  assert.deepEqual(columnNames(['a.1', 'a', 'a', 'a'], 4), ['a.1', 'a', 'a.2', 'a.3']);
  for (const n of [20_000, 80_000]) {
    const header = new Array<string>(n).fill('a');
    let names: string[] = [];
    const lookups = countSetLookups(() => (names = columnNames(header, n)));
    // Quadratic work would be about n * n / 2 lookups (2 * 10^8 for n = 20,000).
    assert.ok(lookups <= 3 * n, `${lookups} Set lookups for ${n} columns`);
    assert.equal(names[0], 'a');
    assert.equal(names[n - 1], `a.${n - 1}`);
    assert.equal(new Set(names).size, n);
  }
});

test('a CSV whose 1 MB header repeats one name is read with every column', { timeout: 120_000 }, async () => {
  const dir = tempWorkspace();
  const file = path.join(dir, 'wide.csv');
  const n = 500_000;
  fs.writeFileSync(file, new Array(n).fill('a').join(',') + '\n' + new Array(n).fill('1').join(',') + '\n');
  const table = await openTable(file);
  let rows = 0;
  for await (const batch of table.batches()) rows += batch.length;
  assert.equal(rows, 1);
  assert.equal(table.columns.length, n);
  assert.deepEqual([table.columns[1], table.columns[n - 1]], ['a.1', `a.${n - 1}`]);
});

test('a JSON Lines record nested 100,000 deep is a bad record at its line, in error and skip mode', async () => {
  const dir = tempWorkspace();
  const file = path.join(dir, 'deep.jsonl');
  const deepObject = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
  const deepArray = '{"b":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
  fs.writeFileSync(file, `{"a": 1}\n${deepObject}\n{"a": 2}\n${deepArray}\n{"a": 3}\n`);
  await assert.rejects(
    async () => {
      for await (const _ of (await openTable(file)).batches());
    },
    (err: unknown) => err instanceof TableReadError && err.line === 2 && /^.*deep\.jsonl:2: nested too deeply to read/.test(err.message),
  );
  const skipping = await openTable(file, { jsonl: { invalid: 'skip' } });
  const lines: number[] = [];
  for await (const batch of skipping.batches()) for (const row of batch) lines.push(row.line);
  assert.deepEqual(lines, [1, 3, 5]);
  assert.deepEqual(skipping.problems.map((p) => p.line), [2, 4]);
});
