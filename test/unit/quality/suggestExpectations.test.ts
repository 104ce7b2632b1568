// Suggested expectations: valid in mlops.json, and passing on the data they were inferred from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseConfigText } from '../../../src/core/config/loadConfig';
import type { ExpectationKind, ExpectationOf } from '../../../src/core/config/types';
import { profileFile } from '../../../src/core/quality/profile';
import { suggestExpectations } from '../../../src/core/quality/suggestExpectations';
import { validateFile } from '../../../src/core/quality/validate';

const file = path.join(__dirname, '..', '..', 'fixtures', 'quality', 'profile.csv');

test('suggestions: types, nullability, domains, ranges and a row band that the source data passes', async () => {
  const profile = await profileFile(file);
  const s = suggestExpectations(profile);
  const find = <K extends ExpectationKind>(expect: K, column?: string) =>
    s.find((e): e is ExpectationOf<K> => e.expect === expect && ('column' in e ? e.column : undefined) === column);
  assert.deepEqual(find('rowCountBetween'), { expect: 'rowCountBetween', min: 1000, max: 3000 });
  assert.deepEqual(find('inSet', 'color')!.values, ['blue', 'green', 'red', 'yellow']);
  assert.equal(find('type', 'count')!.type, 'integer');
  assert.equal(find('type', 'normal')!.type, 'number');
  assert.equal(find('notNull', 'with_nulls')!.severity, 'warning');
  assert.ok(find('notNull', 'with_nulls')!.mostly! < 0.95);
  assert.equal(find('between', 'constant')!.min, 7);
  assert.equal(find('inSet', 'normal'), undefined, 'no domain for numeric columns');
  assert.deepEqual(parseConfigText(JSON.stringify({ expectations: { train: s } })).problems, []);
  const r = await validateFile(file, s);
  assert.equal(r.success, true, JSON.stringify(r.results.filter((x) => !x.success)));
  assert.ok(r.results.every((x) => x.success));
});
