import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { formatProblem, loadConfig, parseConfigText } from '../../../src/core/config/loadConfig';
import { tempWorkspace } from '../tempWorkspace';

function writeConfig(root: string, text: string | Buffer): void {
  fs.writeFileSync(path.join(root, 'mlops.json'), text);
}

const lines = (root: string) => loadConfig(root).problems.map((p) => formatProblem('mlops.json', p));

test('a duplicate key is a problem at the repeat, naming the first line', () => {
  const { problems } = parseConfigText('{\n  "runs": {\n    "train": {"command": "a"},\n    "train": {"command": "b"}\n  }\n}');
  assert.equal(problems.length, 1);
  assert.deepEqual([problems[0].path, problems[0].line, problems[0].column], ['/runs/train', 4, 5]);
  assert.match(problems[0].message, /duplicate key "train" \(first at line 3\)/);
  // Nested and at the top level alike.
  const top = parseConfigText('{"datasets": {}, "datasets": {}}').problems;
  assert.deepEqual(top.map((p) => p.path), ['/datasets']);
});

test('a document nested 100,000 deep is one problem, no stack overflow', () => {
  for (const text of ['['.repeat(100_000), '{"runs": ' + '{"a": '.repeat(50_000) + '1' + '}'.repeat(50_001)]) {
    const { problems, config } = parseConfigText(text);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /nested deeper than 64 levels/);
    assert.deepEqual(config.runs, {});
  }
  // Brackets inside strings do not nest.
  assert.deepEqual(parseConfigText(JSON.stringify({ runs: { t: { command: '['.repeat(200) } } })).problems, []);
});

test('mlops.json as a folder, unreadable or not UTF-8 is a problem, never an exception', () => {
  const root = tempWorkspace();
  fs.mkdirSync(path.join(root, 'mlops.json'));
  const folder = loadConfig(root);
  assert.equal(folder.exists, true);
  assert.match(formatProblem('mlops.json', folder.problems[0]), /^mlops\.json:1:1 \(document\): mlops\.json is a folder, not a file/);
  fs.rmdirSync(path.join(root, 'mlops.json'));
  writeConfig(root, Buffer.concat([Buffer.from('{\n  "runs": {},\n  "models": {"'), Buffer.from([0xc3, 0x28]), Buffer.from('": {"metric": "x"}}\n}')]));
  assert.deepEqual(lines(root), ['mlops.json:3:1 (document): mlops.json is not UTF-8 text (line 3 holds bytes that are not UTF-8): save it with the UTF-8 encoding']);
});

test('what validate and run would refuse is a problem at its line: paths outside, bad regex or date format, bad cwd, expectations of no dataset', () => {
  const root = tempWorkspace();
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'notes.txt'), 'x');
  writeConfig(
    root,
    JSON.stringify(
      {
        datasets: { up: '../elsewhere.csv', abs: { path: '/etc/hosts' }, ok: 'data/*.csv', root: '.' },
        runs: { a: { command: 'x', cwd: 'src' }, b: { command: 'x', cwd: 'missing' }, c: { command: 'x', cwd: 'notes.txt' } },
        expectations: {
          ok: [
            { expect: 'regex', column: 'id', pattern: '(' },
            { expect: 'dateFormat', column: 'd', format: '%Q' },
            { expect: 'regex', column: 'id', pattern: '^[a-z]+$' },
          ],
          ghost: [{ expect: 'notNull', column: 'x' }],
        },
      },
      null,
      2,
    ),
  );
  const found = lines(root);
  const expected: [RegExp, number][] = [
    [/^mlops\.json:3:11 \/datasets\/up: Dataset "up" \(path "\.\.\/elsewhere\.csv" in mlops\.json\) resolves to .*, outside the workspace/, 1],
    [/^mlops\.json:5:15 \/datasets\/abs\/path: .*outside the workspace/, 1],
    [/^mlops\.json:8:13 \/datasets\/root: .*is the workspace itself/, 1],
    [/^mlops\.json:17:14 \/runs\/b\/cwd: the run's working folder .*missing does not exist/, 1],
    [/^mlops\.json:21:14 \/runs\/c\/cwd: .*notes\.txt is not a folder/, 1],
    [/^mlops\.json:\d+:\d+ \/expectations\/ok\/0\/pattern: "pattern" is not a valid regular expression/, 1],
    [/^mlops\.json:\d+:\d+ \/expectations\/ok\/1\/format: .*%Q is not a supported directive/, 1],
    [/^mlops\.json:\d+:\d+ \/expectations\/ghost: expectations for "ghost", but no dataset "ghost" under "datasets"/, 1],
  ];
  for (const [re, n] of expected) assert.equal(found.filter((l) => re.test(l)).length, n, `${re} in\n${found.join('\n')}`);
  assert.equal(found.length, expected.length, found.join('\n'));
  // Reported, not dropped: the valid parts of each section stay usable.
  assert.equal(loadConfig(root).config.runs.a.cwd, 'src');
});

test('a dataset reaching out through a symlink is a problem; one inside is not', () => {
  const root = tempWorkspace();
  const outside = tempWorkspace();
  fs.symlinkSync(outside, path.join(root, 'linked'));
  fs.mkdirSync(path.join(root, 'data'));
  writeConfig(root, JSON.stringify({ datasets: { out: 'linked/x.csv', glob: 'linked/**/*.csv', fine: 'data/x.csv' } }));
  const found = lines(root);
  assert.deepEqual(
    found.map((l) => l.split(': ')[0].replace(/^mlops\.json:\d+:\d+ /, '')),
    ['/datasets/out', '/datasets/glob'],
  );
});
