// `mlops expectations suggest` as a user runs it: the built CLI (node esbuild.js first), real files.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

const CONFIG = '{\n    "datasets": {"train": "data/train.csv"},\n    "expectations": {\n        "train": [\n            {"expect": "between", "column": "age", "min": 0, "max": 120}\n        ]\n    }\n}\n';

function workspace(config = CONFIG): string {
  const root = fs.realpathSync(tempWorkspace());
  fs.mkdirSync(path.join(root, 'data'));
  fs.writeFileSync(path.join(root, 'data/train.csv'), 'id,age,label\n1,34,a\n2,40,b\n3,,a\n4,51,b\n');
  fs.writeFileSync(path.join(root, 'mlops.json'), config);
  return root;
}

test('suggest prints a unified diff of mlops.json and changes nothing; --write adds them; again adds nothing; validate passes', () => {
  const root = workspace();
  const shown = mlops(['expectations', 'suggest', 'train'], root);
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(fs.readFileSync(path.join(root, 'mlops.json'), 'utf8'), CONFIG, 'without --write the file is untouched');
  assert.match(shown.stdout, /^--- a\/mlops\.json\n\+\+\+ b\/mlops\.json\n@@ -2,7 \+2,16 @@\n/);
  assert.match(shown.stdout, /^-            \{"expect": "between", "column": "age", "min": 0, "max": 120\}$/m);
  assert.match(shown.stdout, /^\+            \{"expect": "between", "column": "age", "min": 0, "max": 120\},$/m);
  assert.match(shown.stdout, /^\+            \{"expect": "inSet", "column": "label", "values": \["a", "b"\]\}$/m);
  assert.doesNotMatch(shown.stdout, /"between", "column": "age", "min": 34/, 'the user\'s own range on age is kept, not doubled');
  assert.match(shown.stderr, /9 expectations for train from data\/train\.csv \(4 rows\); 1 already covered by mlops\.json\. .*--write/);

  const wrote = mlops(['expectations', 'suggest', 'train', '--write'], root);
  assert.equal(wrote.code, 0, wrote.stderr);
  assert.match(wrote.stdout, /^Added 9 expectations for train/);
  const text = fs.readFileSync(path.join(root, 'mlops.json'), 'utf8');
  assert.ok(text.startsWith('{\n    "datasets": {"train": "data/train.csv"},\n    "expectations": {\n        "train": [\n            {"expect": "between", "column": "age", "min": 0, "max": 120},\n'), text);
  assert.deepEqual(fs.readdirSync(root).filter((f) => f.includes('tmp')), [], 'no temp file left');
  const config = JSON.parse(text);
  assert.equal(config.expectations.train.length, 10);
  assert.deepEqual(config.expectations.train.find((e: { expect: string; column?: string }) => e.expect === 'notNull' && e.column === 'age'), { expect: 'notNull', column: 'age', mostly: 0.75, severity: 'warning' });

  const again = mlops(['expectations', 'suggest', 'train', '--write'], root);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /^Nothing to add/);
  assert.equal(fs.readFileSync(path.join(root, 'mlops.json'), 'utf8'), text);
  const valid = mlops(['validate', 'train'], root);
  assert.equal(valid.code, 0, valid.stdout + valid.stderr);
});

test('--json: dataset, source, rows, added, covered, written; a stored version is profiled, not the working file', () => {
  const root = workspace(JSON.stringify({ datasets: { train: 'data/train.csv' } }));
  assert.equal(mlops(['data', 'version', 'train'], root).code, 0);
  fs.appendFileSync(path.join(root, 'data/train.csv'), '5,60,c\n');
  const r = mlops(['expectations', 'suggest', 'train@1', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.dataset, 'train');
  assert.equal(out.source, 'train:data/train.csv@1');
  assert.equal(out.rows, 4);
  assert.equal(out.written, false);
  assert.deepEqual(out.covered, []);
  assert.deepEqual(out.added.find((e: { expect: string }) => e.expect === 'inSet').values, ['a', 'b'], 'version 1 has no "c"');
  // A path of the dataset names the dataset too, and --write with --json reports it.
  const byPath = JSON.parse(mlops(['expectations', 'suggest', 'data/train.csv', '--write', '--json'], root).stdout);
  assert.equal(byPath.written, true);
  assert.deepEqual(byPath.added.find((e: { expect: string }) => e.expect === 'inSet').values, ['a', 'b', 'c']);
  assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'mlops.json'), 'utf8')).expectations.train.length, byPath.added.length);
});

test('usage and input errors exit 2 with the problem and the fix', () => {
  const root = workspace();
  const cases: [string[], RegExp][] = [
    [['expectations'], /Say what to do: mlops expectations suggest DATASET/],
    [['expectations', 'list'], /Unknown "expectations list"/],
    [['expectations', 'suggest'], /Give one dataset/],
    [['expectations', 'suggest', 'nope'], /no dataset "nope" in mlops\.json \(declared: train\)/],
    [['expectations', 'suggest', 'train', '--format', 'xls'], /--format xls: use csv, jsonl or parquet/],
    [['expectations', 'suggest', 'train', '--bogus'], /Unknown option '--bogus'/],
  ];
  fs.writeFileSync(path.join(root, 'other.csv'), 'a\n1\n');
  cases.push([['expectations', 'suggest', 'other.csv'], /not a file of any dataset.*\n.*mlops data add/]);
  for (const [args, message] of cases) {
    const r = mlops(args, root);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '');
  }
  fs.writeFileSync(path.join(root, 'mlops.json'), '{\n  "datasets": {"train": "data/train.csv"},\n  "expectations": {"train": {}}\n}\n');
  const broken = mlops(['expectations', 'suggest', 'train'], root);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /mlops\.json:3:\d+ \/expectations\/train: /);
  fs.writeFileSync(path.join(root, 'data/train.csv'), 'id,age\n1,"open\n');
  fs.writeFileSync(path.join(root, 'mlops.json'), CONFIG);
  const unreadable = mlops(['expectations', 'suggest', 'train'], root);
  assert.equal(unreadable.code, 2);
  assert.match(unreadable.stderr, /data\/train\.csv:2: unclosed quote/);
});

test('the printed diff is a patch git applies: mlops.json becomes what --write writes', () => {
  const root = workspace();
  const diff = mlops(['expectations', 'suggest', 'train'], root).stdout;
  const patched = fs.realpathSync(tempWorkspace());
  fs.writeFileSync(path.join(patched, 'mlops.json'), CONFIG);
  fs.writeFileSync(path.join(patched, 'suggest.patch'), diff + '\n');
  const applied = spawnSync('git', ['apply', 'suggest.patch'], { cwd: patched, encoding: 'utf8' });
  assert.equal(applied.status, 0, applied.stderr);
  assert.equal(mlops(['expectations', 'suggest', 'train', '--write'], root).code, 0);
  assert.equal(fs.readFileSync(path.join(patched, 'mlops.json'), 'utf8'), fs.readFileSync(path.join(root, 'mlops.json'), 'utf8'));
  assert.equal(mlops(['expectations', 'suggest', 'train'], root).stdout, 'Nothing to add: mlops.json\'s expectations for train cover every suggestion from data/train.csv.\n');
});
