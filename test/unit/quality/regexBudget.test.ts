import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { budgetedRegex } from '../../../src/core/quality/regexBudget';
import { validateFile } from '../../../src/core/quality/validate';
import { tempWorkspace } from '../tempWorkspace';

test('a catastrophic regex fails its expectation naming the pattern within the budget; the other checks still run', { timeout: 60_000 }, async () => {
  const file = path.join(tempWorkspace(), 'names.csv');
  const rows = ['name,code', 'aaa,x1', 'bbb,x2', `${'a'.repeat(40)}!,y3`, 'aab,x4'];
  fs.writeFileSync(file, rows.join('\n') + '\n');
  const result = await validateFile(file, [
    { expect: 'regex', column: 'name', pattern: '^(a+)+$' },
    { expect: 'regex', column: 'code', pattern: '^x\\d$' },
    { expect: 'notNull', column: 'name' },
  ]);
  const [hanging, code, notNull] = result.results;
  assert.equal(hanging.success, false);
  assert.match(hanging.message ?? '', /the pattern \/\^\(a\+\)\+\$\/ did not finish within 2 s on 4 values after the first 0 \(it backtracks catastrophically/);
  // A linear pattern is unaffected: its unexpected row is found at its line.
  assert.deepEqual([code.success, code.unexpectedRows], [false, [{ line: 4, value: 'y3' }]]);
  assert.equal(notNull.success, true);
  assert.equal(result.success, false);
});

test('values are tested in order across slices and batches; nulls are not judged', () => {
  const r = budgetedRegex(/^\d+$/);
  const cells = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? String(i) : i % 3 === 1 ? `x${i}` : null));
  r.prepare(cells);
  const verdicts = cells.map((c) => r.verdict(c));
  assert.deepEqual(verdicts.slice(0, 6), [true, false, undefined, true, false, undefined]);
  assert.equal(verdicts.filter((v) => v === true).length, 3334);
  // Without a prepared batch a value is tested on its own.
  assert.deepEqual([r.verdict('12'), r.verdict('a')], [true, false]);
  assert.equal(r.failure(), undefined);
});
