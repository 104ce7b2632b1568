import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeContext, parseCommandArgs, UsageError, type Command } from '../../../src/cli/command';
import { dataDiffOptions, dataDiffVerb } from '../../../src/cli/commands/dataDiff';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

// The verb as `mlops data diff` runs it, in-process: the same argument parsing and exit codes as main().
const harness: Command = { name: 'data', summary: '', usage: '', examples: [], options: dataDiffOptions, run: (ctx) => dataDiffVerb({ ...ctx, args: ctx.args.slice(1) }) };
async function diff(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  try {
    const { values, positionals } = parseCommandArgs(harness, ['diff', ...args]);
    const code = await harness.run(makeContext(values, positionals, [], cwd, { out: (t) => out.push(t), err: (t) => err.push(t) }));
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: out.join('\n'), stderr: e.message + (e.hint ? '\n' + e.hint : '') };
    throw e;
  }
}

function writeTables(dir: string) {
  fs.writeFileSync(path.join(dir, 'a.csv'), 'id,name,age\n1,Ada,36\n2,Alan,41\n3,Grace,85\n');
  fs.writeFileSync(path.join(dir, 'b.csv'), 'id,name,age,team\n1,Ada,36,x\n2,Alan,42,y\n4,Linus,28,z\n');
}

test('data diff of two files: text summary with examples at file:line, JSON, --exit-code', async () => {
  const dir = tempWorkspace();
  writeTables(dir);
  const text = await diff(['a.csv', 'b.csv', '--key', 'id'], dir);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^a\.csv \(3 rows, 3 columns\) -> b\.csv \(3 rows, 4 columns\)$/m);
  assert.match(text.stdout, /^rows     \+1 added  -1 removed  ~1 changed  1 unchanged$/m);
  assert.match(text.stdout, /^columns  \+team$/m);
  assert.match(text.stdout, /^rows compared on the 3 shared columns: id, name, age$/m);
  assert.match(text.stdout, /^changed  age 1$/m);
  // Examples show the rows' contents: whole rows added or removed, the changed cells before and after.
  assert.match(text.stdout, /^  - a\.csv:4  id=3  name=Grace age=85$/m);
  assert.match(text.stdout, /^  \+ b\.csv:4  id=4  name=Linus age=28 team=z$/m);
  assert.match(text.stdout, /^  ~ a\.csv:3 -> b\.csv:3  id=2  age: 41 -> 42$/m);

  // Without --key the rows' contents are shown too: the edited row is one removed and one added.
  const content = await diff(['a.csv', 'b.csv'], dir);
  assert.match(content.stdout, /^  - a\.csv:3  id=2 name=Alan age=41$/m);
  assert.match(content.stdout, /^  \+ b\.csv:3  id=2 name=Alan age=42 team=y$/m);

  const json = await diff(['a.csv', 'b.csv', '--json'], dir);
  const parsed = JSON.parse(json.stdout);
  assert.equal(parsed.mode, 'content');
  assert.deepEqual(parsed.rows, { added: 2, removed: 2, changed: null, unchanged: 1 });
  assert.deepEqual(parsed.columns.added, ['team']);
  assert.deepEqual(parsed.examples.removed[0], { line: 3, values: { id: '2', name: 'Alan', age: '41' } });

  assert.equal((await diff(['a.csv', 'b.csv', '--exit-code'], dir)).code, 1);
  assert.equal((await diff(['a.csv', 'a.csv', '--exit-code'], dir)).code, 0);
});

test('data diff: bad input exits 2 with the file and line', async () => {
  const dir = tempWorkspace();
  writeTables(dir);
  fs.writeFileSync(path.join(dir, 'bad.csv'), 'a,b\n1,"open\n');
  const bad = await diff(['a.csv', 'bad.csv'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad\.csv:2: unclosed quote/);
  const missingKey = await diff(['a.csv', 'b.csv', '--key', 'nope'], dir);
  assert.deepEqual([missingKey.code, /has no key column "nope"/.test(missingKey.stderr)], [2, true]);
  const nothing = await diff(['nothere.csv', 'b.csv'], dir);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /nothere\.csv/);
  assert.equal((await diff(['a.csv'], dir)).code, 2);
});

test('data diff of dataset versions (NAME@1 NAME@2, and NAME@1 against the working file)', async () => {
  const root = tempWorkspace();
  assert.equal(mlops(['init'], root).code, 0);
  fs.mkdirSync(path.join(root, 'data'));
  const file = path.join(root, 'data', 'train.csv');
  fs.writeFileSync(file, 'id,y\n1,0\n2,1\n');
  const add = mlops(['data', 'add', 'data/train.csv', '--name', 'train'], root);
  assert.equal(add.code, 0, add.stderr);
  fs.writeFileSync(file, 'id,y\n1,0\n2,0\n3,1\n');
  assert.equal(mlops(['data', 'version', 'train'], root).code, 0);
  const versions = await diff(['train@1', 'train@2', '--key', 'id'], root);
  assert.equal(versions.code, 0, versions.stderr);
  assert.match(versions.stdout, /^train:data\/train\.csv@1 \(2 rows, 2 columns\) -> train:data\/train\.csv@2 \(3 rows, 2 columns\)$/m);
  assert.match(versions.stdout, /\+1 added  -0 removed  ~1 changed  1 unchanged/);
  fs.writeFileSync(file, 'id,y\n1,0\n');
  const working = await diff(['train@1', '--key', 'id', '--json'], root);
  assert.deepEqual(JSON.parse(working.stdout).rows, { added: 0, removed: 1, changed: 0, unchanged: 1 });
  const unknown = await diff(['train@9', 'data/train.csv'], root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no version 9/);
});

// Through the built CLI: `data` dispatches `diff` to dataDiffVerb (src/cli/commands/data.ts).
test('mlops data diff through dist/cli.js', () => {
  const dir = tempWorkspace();
  writeTables(dir);
  const help = mlops(['data', '--help'], dir);
  assert.match(help.stdout, /\bdiff\b/, '`mlops data --help` lists diff');
  const r = mlops(['data', 'diff', 'a.csv', 'b.csv', '--key', 'id', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).rows, { added: 1, removed: 1, changed: 1, unchanged: 1 });
  const bad = mlops(['data', 'diff', 'a.csv', 'missing.csv'], dir);
  assert.equal(bad.code, 2);
});
