// Every command that reads mlops.json refuses the problems `mlops doctor` lists, with exit 2, the
// same file:line message and no stack trace; commands that do not read it keep working.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

const good = {
  datasets: { train: 'data/train.csv' },
  runs: { train: { command: 'echo hi', sweep: { x: [1, 2] } } },
  expectations: { train: [{ expect: 'notNull', column: 'a' }] },
};

/** Each broken mlops.json, and the problem line doctor and every command must print for it. */
const broken: { name: string; write: (file: string) => void; problem: RegExp }[] = [
  {
    name: 'a duplicate key',
    write: (f) => fs.writeFileSync(f, JSON.stringify(good, null, 2).replace('"runs": {', '"runs": {\n    "train": {"command": "echo other"},')),
    problem: /mlops\.json:\d+:5 \/runs\/train: duplicate key "train" \(first at line \d+\)/,
  },
  {
    name: 'a dataset outside the workspace',
    write: (f) => fs.writeFileSync(f, JSON.stringify({ ...good, datasets: { ...good.datasets, up: '../up.csv' } })),
    problem: /mlops\.json:1:\d+ \/datasets\/up: Dataset "up" \(path "\.\.\/up\.csv" in mlops\.json\) resolves to .*, outside the workspace/,
  },
  {
    name: 'an invalid regex',
    write: (f) => fs.writeFileSync(f, JSON.stringify({ ...good, expectations: { train: [{ expect: 'regex', column: 'a', pattern: '[a-' }] } })),
    problem: /mlops\.json:1:\d+ \/expectations\/train\/0\/pattern: "pattern" is not a valid regular expression/,
  },
  {
    name: 'a missing cwd',
    write: (f) => fs.writeFileSync(f, JSON.stringify({ ...good, runs: { train: { ...good.runs.train, cwd: 'gone' } } })),
    problem: /mlops\.json:1:\d+ \/runs\/train\/cwd: the run's working folder .*gone does not exist/,
  },
  {
    name: 'mlops.json as a folder',
    write: (f) => fs.mkdirSync(f),
    problem: /mlops\.json:1:1 \(document\): mlops\.json is a folder, not a file/,
  },
  {
    name: 'a document nested 100,000 deep',
    write: (f) => fs.writeFileSync(f, '{"runs": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}'),
    problem: /mlops\.json:1:\d+ \(document\): nested deeper than 64 levels/,
  },
  {
    name: 'bytes that are not UTF-8',
    write: (f) => fs.writeFileSync(f, Buffer.concat([Buffer.from('{\n"runs": {},\n"models": {"m'), Buffer.from([0xff, 0xfe]), Buffer.from('": {"metric": "x"}}}')])),
    problem: /mlops\.json:3:1 \(document\): mlops\.json is not UTF-8 text \(line 3/,
  },
];

/** Commands that read mlops.json, run against the broken workspace. */
const readers = [
  ['data', 'status'],
  ['data', 'version'],
  ['data', 'versions', 'train'],
  ['data', 'checkout', 'train@1'],
  ['data', 'add', 'data/more.csv'],
  ['validate'],
  ['profile', 'data/train.csv'],
  ['expectations', 'suggest', 'data/train.csv'],
  ['run', 'train'],
  ['run', '--', 'echo', 'adhoc'],
  ['sweep', 'train'],
];

test('every command that reads mlops.json exits 2 on each problem doctor lists, with the same file:line and no stack trace', () => {
  for (const b of broken) {
    const root = fs.realpathSync(tempWorkspace());
    fs.mkdirSync(path.join(root, 'data'));
    fs.writeFileSync(path.join(root, 'data/train.csv'), 'a\n1\n');
    fs.writeFileSync(path.join(root, 'data/more.csv'), 'a\n2\n');
    fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(good));
    assert.equal(mlops(['data', 'version'], root).code, 0, `${b.name}: the good config versions`);
    const file = path.join(root, 'mlops.json');
    fs.rmSync(file);
    b.write(file);
    const doctor = mlops(['doctor'], root);
    assert.equal(doctor.code, 2, `${b.name}: doctor\n${doctor.stderr}`);
    assert.match(doctor.stderr, b.problem, `${b.name}: doctor`);
    for (const args of readers) {
      const r = mlops(args, root);
      const what = `${b.name}: mlops ${args.join(' ')}`;
      assert.equal(r.code, 2, `${what}\n${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, b.problem, what);
      assert.doesNotMatch(r.stderr, /^\s+at /m, `${what}: a stack trace`);
    }
    // Nothing was done on the broken config: no run recorded, mlops.json as it was.
    assert.equal(JSON.parse(mlops(['runs', 'list', '--json'], root).stdout).length, 0, b.name);
    // Commands that do not read mlops.json still work.
    for (const args of [['runs', 'list'], ['data', 'verify']]) assert.equal(mlops(args, root).code, 0, `${b.name}: mlops ${args.join(' ')}`);
  }
});
