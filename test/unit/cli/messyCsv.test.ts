// Messy CSVs through the built CLI: a count line before the data is skipped with a note on stderr
// (and in --json), --skip-rows and the dataset's skipRows/comment decide instead, and many ragged
// rows fail `mlops validate` unless the dataset sets "allowRagged".
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

const fixtures = path.resolve(__dirname, '../../fixtures/tables');

function workspace(datasets: Record<string, unknown>, expectations: Record<string, unknown[]> = {}): string {
  const root = fs.realpathSync(tempWorkspace());
  fs.mkdirSync(path.join(root, 'data'));
  for (const f of ['wine_like.csv', 'comment_first.csv', 'ragged.csv']) fs.copyFileSync(path.join(fixtures, f), path.join(root, 'data', f));
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets, expectations }, null, 2));
  return root;
}

test('mlops profile on a file starting with a count line: the rows as data, a note on stderr and in --json', () => {
  const root = workspace({ wine: 'data/wine_like.csv' });
  const text = mlops(['profile', 'wine'], root);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^data\/wine_like\.csv: 12 rows, 14 columns\n/);
  assert.match(text.stderr, /^note: data\/wine_like\.csv: line 1 skipped before the data \("12,13,class_0,class_1,class_2"\)/m);
  const json = JSON.parse(mlops(['profile', 'data/wine_like.csv', '--json'], root).stdout);
  assert.deepEqual([json.rows, json.raggedRows, json.notes.length], [12, 0, 1]);
  // --skip-rows 0 reads the count line as the header: every row ragged, and said so.
  const raw = mlops(['profile', 'wine', '--skip-rows', '0', '--json'], root);
  assert.equal(raw.code, 0, raw.stderr);
  assert.deepEqual([JSON.parse(raw.stdout).rows, JSON.parse(raw.stdout).raggedRows], [0, 12]);
  assert.match(raw.stderr, /12 of 12 rows are ragged/);
  const bad = mlops(['profile', 'wine', '--skip-rows', 'two'], root);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--skip-rows two: give a number of lines/);
});

test("a dataset's skipRows and comment apply to profile and expectations suggest", () => {
  const root = workspace({ wine: { path: 'data/wine_like.csv', skipRows: 1 }, notes: { path: 'data/comment_first.csv', comment: '#' } });
  const wine = mlops(['profile', 'wine', '--json'], root);
  assert.equal(JSON.parse(wine.stdout).rows, 12);
  assert.equal(JSON.parse(wine.stdout).notes, undefined, 'skipRows given: nothing was guessed');
  const notes = mlops(['expectations', 'suggest', 'notes', '--json'], root);
  assert.equal(notes.code, 0, notes.stderr);
  assert.equal(JSON.parse(notes.stdout).rows, 3);
});

test('validate fails a table with many ragged rows unless the dataset allows them; the JUnit report has the failure', () => {
  const root = workspace({ strict: { path: 'data/wine_like.csv', skipRows: 0 }, lenient: { path: 'data/wine_like.csv', skipRows: 0, allowRagged: true } }, { strict: [{ expect: 'notNull', column: '12' }], lenient: [{ expect: 'notNull', column: '12' }] });
  const strict = mlops(['validate', 'strict', '--junit', 'junit.xml'], root);
  assert.equal(strict.code, 1, strict.stderr);
  assert.match(strict.stdout, /FAIL 12 ragged rows \(more than 3\)/);
  assert.match(fs.readFileSync(path.join(root, 'junit.xml'), 'utf8'), /<failure message="12 ragged rows[^"]*" type="raggedRows"\/>/);
  const json = JSON.parse(mlops(['validate', 'strict', '--json'], root).stdout);
  assert.deepEqual([json.success, json.datasets[0].raggedRows, json.datasets[0].raggedFailed], [false, 12, true]);
  const lenient = mlops(['validate', 'lenient'], root);
  assert.equal(lenient.code, 0, lenient.stdout);
  assert.match(lenient.stderr, /12 of 12 rows are ragged/);
  // A few ragged rows (ragged.csv has 2) are reported, not failed.
  const few = workspace({ r: 'data/ragged.csv' }, { r: [{ expect: 'notNull', column: 'x' }] });
  assert.equal(mlops(['validate', 'r'], few).code, 0);
});

test('data diff reads both sides with --skip-rows and --comment', () => {
  const root = workspace({});
  const r = mlops(['data', 'diff', 'data/comment_first.csv', 'data/comment_first.csv', '--comment', '#', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const diff = JSON.parse(r.stdout);
  // The "# checked" line amid the rows is a comment, not a row: 3 rows a side.
  assert.deepEqual([diff.a.rows, diff.b.rows, diff.a.columns], [3, 3, ['id', 'x']]);
  const wine = JSON.parse(mlops(['data', 'diff', 'data/wine_like.csv', 'data/wine_like.csv', '--skip-rows', '1', '--json'], root).stdout);
  assert.deepEqual([wine.a.rows, wine.a.columns.length], [12, 14]);
});
