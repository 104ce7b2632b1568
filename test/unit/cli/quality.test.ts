// `mlops profile` and `mlops validate` as a user runs them: the built CLI (node esbuild.js first).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

function workspace(expectations: unknown[]): string {
  const root = fs.realpathSync(tempWorkspace());
  fs.mkdirSync(path.join(root, 'data'));
  // Line 4 starts a row whose quoted note spans two lines; the row after it starts on line 6.
  fs.writeFileSync(path.join(root, 'data/train.csv'), 'id,age,note\n1,34,ok\n2,40,fine\n3,150,"two\nlines"\n4,,x\n');
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets: { train: 'data/train.csv' }, expectations: { train: expectations } }, null, 2));
  return root;
}

test('validate: exit 0 when all pass, 1 on a failed error, warnings reported only; --json shape with lines', () => {
  const pass = workspace([{ expect: 'between', column: 'age', min: 0, max: 200 }]);
  assert.equal(mlops(['validate'], pass).code, 0);

  const root = workspace([
    { expect: 'between', column: 'age', min: 0, max: 120 },
    { expect: 'notNull', column: 'age', severity: 'warning' },
  ]);
  const text = mlops(['validate'], root);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /FAIL train \(data\/train\.csv, 4 rows\)/);
  assert.match(text.stdout, /data\/train\.csv:4: "150"/);
  const json = mlops(['validate', 'train', '--json'], root);
  assert.equal(json.code, 1);
  const out = JSON.parse(json.stdout);
  assert.equal(out.success, false);
  const [between, notNull] = out.results;
  assert.deepEqual(
    { expect: between.expect, column: between.column, success: between.success, unexpectedCount: between.unexpectedCount, unexpectedRows: between.unexpectedRows },
    { expect: 'between', column: 'age', success: false, unexpectedCount: 1, unexpectedRows: [{ line: 4, value: '150' }] },
  );
  assert.deepEqual(notNull.unexpectedRows, [{ line: 6, value: '' }]);
  assert.equal(notNull.severity, 'warning');
  assert.equal(typeof between.observed, 'number');
  // A path of the dataset gets its expectations too.
  assert.equal(mlops(['validate', 'data/train.csv', '--json'], root).code, 1);
});

test('validate --junit writes a report CI can read; failures are the error-severity ones', () => {
  const root = workspace([
    { expect: 'between', column: 'age', min: 0, max: 120 },
    { expect: 'notNull', column: 'age', severity: 'warning' },
    { expect: 'unique', column: 'id' },
  ]);
  const r = mlops(['validate', '--junit', 'reports/data.xml'], root);
  assert.equal(r.code, 1);
  const xml = fs.readFileSync(path.join(root, 'reports/data.xml'), 'utf8');
  assert.match(xml, /<testsuites name="mlops validate" tests="3" failures="1">/);
  assert.match(xml, /<failure message="1 of 3 rows unexpected" type="between">1 of 3 rows unexpected\ndata\/train\.csv:4: &quot;150&quot;<\/failure>/);
  assert.match(xml, /<system-out>warning: /);
});

test('validate: bad input and a broken expectation exit 2 with the file, line and fix', () => {
  const root = workspace([{ expect: 'betwen', column: 'age' }]);
  const broken = mlops(['validate'], root);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /mlops\.json:\d+:\d+ \/expectations\/train\/0\/expect: must be one of/);
  const ok = workspace([{ expect: 'notNull', column: 'age' }]);
  assert.equal(mlops(['validate', 'nope.csv'], ok).code, 2);
  const stray = path.join(ok, 'other.csv');
  fs.writeFileSync(stray, 'a\n1\n');
  const noExp = mlops(['validate', 'other.csv'], ok);
  assert.equal(noExp.code, 2);
  assert.match(noExp.stderr, /not a file of any dataset/);
  fs.writeFileSync(path.join(ok, 'data/train.csv'), 'id,age\n1,2\n"3,4\n');
  const bad = mlops(['validate'], ok);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /train\.csv:3/);
});

test('profile: --json shape, human table, versions profiled once and stored', () => {
  const root = workspace([{ expect: 'notNull', column: 'id' }]);
  const json = mlops(['profile', 'data/train.csv', '--json'], root);
  assert.equal(json.code, 0, json.stderr);
  const p = JSON.parse(json.stdout);
  assert.equal(p.rows, 4);
  const age = p.columns.find((c: { name: string }) => c.name === 'age');
  for (const key of ['name', 'type', 'count', 'nulls', 'distinct', 'min', 'max', 'mean', 'std', 'stdSample', 'quantiles', 'histogram', 'top']) assert.ok(key in age, key);
  assert.deepEqual([age.type, age.count, age.nulls, age.min, age.max], ['integer', 3, 1, 34, 150]);
  assert.deepEqual(Object.keys(age.quantiles), ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99']);
  const text = mlops(['profile', 'train'], root);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /data\/train\.csv: 4 rows, 3 columns/);
  assert.match(text.stdout, /age\s+integer\s+25\.0%\s+3\s+34\s+150/);

  assert.equal(mlops(['data', 'version', 'train'], root).code, 0);
  const v = mlops(['profile', 'train@1', '--json'], root);
  assert.equal(v.code, 0, v.stderr);
  assert.deepEqual(JSON.parse(v.stdout), p);
  const db = new Database(path.join(root, '.mlops', 'store.db'), { readonly: true });
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM profiles').get() as { n: number }).n, 1);
  db.close();
  assert.equal(mlops(['validate', 'train@1'], root).code, 0);
  const db2 = new Database(path.join(root, '.mlops', 'store.db'), { readonly: true });
  assert.equal((db2.prepare('SELECT success FROM validations').get() as { success: number }).success, 1);
  db2.close();
  assert.equal(mlops(['profile', 'train@7'], root).code, 2);
  assert.equal(mlops(['profile'], root).code, 2);
});
