// Real files bundled with scikit-learn (test/fixtures/sklearn, BSD-3-Clause): iris.csv starts with a
// count line as wide as its rows, linnerud_exercise.csv is separated by spaces. Both read as the
// tables they are, in the row reader, the profiler (in one pass and in parts) and the CLI.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { sniffDelimiter } from '../../../../src/core/data/readers/csvSniff';
import { profileFile } from '../../../../src/core/quality/profile';
import { mlops } from '../../cli/runCli';
import { tempWorkspace } from '../../tempWorkspace';
import { readAll } from './helpers';

const sklearn = (name: string) => path.resolve(__dirname, '../../../fixtures/sklearn', name);

async function profiles(file: string) {
  return [await profileFile(file, { threads: 1 }), await profileFile(file, { threads: 3, partBytes: 64 })];
}

test('iris.csv: the count line as wide as the rows is skipped with a notice; 150 headerless rows of numbers', async () => {
  const { table, rows } = await readAll(sklearn('iris.csv'));
  assert.equal(table.hasHeader, false);
  assert.deepEqual(table.columns, ['column1', 'column2', 'column3', 'column4', 'column5']);
  assert.equal(rows.length, 150);
  assert.deepEqual([rows[0].line, rows[0].values], [2, ['5.1', '3.5', '1.4', '0.2', '0']]);
  assert.ok(rows.every((r) => !r.ragged));
  assert.equal(table.notices.length, 1);
  assert.match(table.notices[0], /^line 1 skipped before the data \("150,4,setosa,versicolor,virginica"\): a count line \(150 rows, 4 features, then names\)/);
  for (const p of await profiles(sklearn('iris.csv'))) {
    assert.deepEqual([p.rows, p.raggedRows], [150, 0]);
    assert.deepEqual(p.columns.map((c) => c.type), ['float', 'float', 'float', 'float', 'integer']);
    assert.deepEqual(p.columns.map((c) => [c.min, c.max]), [[4.3, 7.9], [2, 4.4], [1, 6.9], [0.1, 2.5], [0, 2]]);
    assert.equal(p.columns[4].distinct, 3);
    assert.deepEqual(p.notes, table.notices);
  }
});

test('iris.csv with skipRows 0 reads the count line as the header, as asked', async () => {
  const { table, rows } = await readAll(sklearn('iris.csv'), { csv: { skipRows: 0 } });
  assert.deepEqual(table.columns, ['150', '4', 'setosa', 'versicolor', 'virginica']);
  assert.deepEqual([rows.length, table.notices.length], [150, 0]);
});

test('linnerud_exercise.csv: a single space is sniffed as the delimiter; three integer columns under their names', async () => {
  const { table, rows } = await readAll(sklearn('linnerud_exercise.csv'));
  assert.equal(table.delimiter, ' ');
  assert.equal(table.hasHeader, true);
  assert.deepEqual(table.columns, ['Chins', 'Situps', 'Jumps']);
  assert.deepEqual([rows.length, rows[0].values], [20, ['5', '162', '60']]);
  for (const p of await profiles(sklearn('linnerud_exercise.csv'))) {
    assert.deepEqual(p.columns.map((c) => [c.name, c.type, Number(c.mean!.toFixed(9))]), [['Chins', 'integer', 9.45], ['Situps', 'integer', 145.55], ['Jumps', 'integer', 70.3]]);
  }
});

test('a space is a delimiter only when nothing else splits the records and they split into numbers', () => {
  assert.equal(sniffDelimiter('a b\n1 2\n3 4\n'), ' ');
  // Names and sentences keep their spaces: one column.
  assert.equal(sniffDelimiter('name\nAnn Lee\nBo Ek\nCy Du\n'), ',');
  assert.equal(sniffDelimiter('city state\nNew York\nSan Jose\n'), ',');
  // A comma file with spaces in its text stays a comma file.
  assert.equal(sniffDelimiter('name,city\nAnn Lee,New York\nBo Ek,San Jose\n'), ',');
  // Records of different widths: not a space-separated table.
  assert.equal(sniffDelimiter('a b\n1 2 3\n4 5\n'), ',');
});

test('a first row of numbers is data, not a count line, when its other fields are numbers too', async () => {
  const file = path.join(tempWorkspace(), 'numbers.csv');
  fs.writeFileSync(file, '3,2,5.5\n1,2,3.5\n4,5,6.5\n');
  const { table, rows } = await readAll(file);
  assert.deepEqual([table.notices, rows.length], [[], 3]);
  // Names over numbers whose first two fields do not count the columns: a header, not a count line.
  fs.writeFileSync(file, '10,7,a,b\n1,2,3,4\n5,6,7,8\n');
  const other = await readAll(file);
  assert.deepEqual([other.table.notices, other.table.hasHeader, other.rows.length], [[], true, 2]);
});

test('mlops profile and expectations suggest on the scikit-learn files: the columns they hold, exit 0', () => {
  const root = fs.realpathSync(tempWorkspace());
  for (const f of ['iris.csv', 'linnerud_exercise.csv']) fs.copyFileSync(sklearn(f), path.join(root, f));
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets: { iris: 'iris.csv', exercise: 'linnerud_exercise.csv' } }));
  const iris = mlops(['profile', 'iris'], root);
  assert.equal(iris.code, 0, iris.stderr);
  assert.match(iris.stdout, /^iris\.csv: 150 rows, 5 columns\n/);
  assert.match(iris.stderr, /^note: iris\.csv: line 1 skipped before the data/m);
  const suggested = mlops(['expectations', 'suggest', 'exercise', '--write'], root);
  assert.equal(suggested.code, 0, suggested.stderr);
  const config = JSON.parse(fs.readFileSync(path.join(root, 'mlops.json'), 'utf8'));
  assert.deepEqual(config.expectations.exercise[0], { expect: 'columnsExist', columns: ['Chins', 'Situps', 'Jumps'] });
  const validate = mlops(['validate', 'exercise'], root);
  assert.equal(validate.code, 0, validate.stdout + validate.stderr);
});
