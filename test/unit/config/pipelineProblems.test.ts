import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConfig, parseConfigText } from '../../../src/core/config/loadConfig';
import type { ConfigProblem } from '../../../src/core/config/types';
import { tempWorkspace } from '../tempWorkspace';

/** A workspace with `files` and mlops.json holding `text`. */
function workspace(text: string, files: string[] = []): string {
  const root = tempWorkspace();
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), 'x');
  }
  fs.writeFileSync(path.join(root, 'mlops.json'), text);
  return root;
}

/** Line and column (1-based) of the `nth` occurrence of `needle` in `text`. */
function where(text: string, needle: string, nth = 1): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} in the test's mlops.json`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The one problem whose message matches, and it alone. */
function only(problems: ConfigProblem[], message: RegExp): ConfigProblem {
  const found = problems.filter((p) => message.test(p.message));
  assert.equal(found.length, 1, `one problem matching ${message}, got: ${problems.map((p) => p.message).join(' | ')}`);
  return found[0];
}

const lines = (...l: string[]) => l.join('\n') + '\n';

test('graph problems are located at the value that causes them, without a workspace too', () => {
  const text = lines(
    '{',
    '  "pipelines": {',
    '    "p": {',
    '      "stages": {',
    '        "a": { "command": "run ${params.lr}", "deps": ["y"], "outs": ["x"] },',
    '        "b": { "command": "b", "deps": ["x"], "outs": ["y", ".mlops/cache"] },',
    '        "c": { "command": "c", "outs": ["x", "../up"], "registers": { "model": "m", "artifact": "model.pt" } }',
    '      }',
    '    }',
    '  }',
    '}',
  );
  const { problems } = parseConfigText(text);
  const param = only(problems, /stage "a" of pipeline "p" uses \$\{params.lr\} but has no param "lr"/);
  assert.equal(param.path, '/pipelines/p/stages/a/command');
  assert.deepEqual({ line: param.line, column: param.column }, where(text, '"run ${params.lr}"'));
  const mlopsOut = only(problems, /out ".mlops\/cache" is inside .mlops/);
  assert.equal(mlopsOut.path, '/pipelines/p/stages/b/outs/1');
  assert.deepEqual({ line: mlopsOut.line, column: mlopsOut.column }, where(text, '".mlops/cache"'));
  const outside = only(problems, /out "..\/up" is outside the workspace/);
  assert.deepEqual({ line: outside.line, column: outside.column }, where(text, '"../up"'));
  const twice = only(problems, /stages "a" and "c" of pipeline "p" both write "x"/);
  assert.equal(twice.path, '/pipelines/p/stages/c/outs/0');
  assert.deepEqual({ line: twice.line, column: twice.column }, where(text, '"x"', 3));
  const artifact = only(problems, /registers "model.pt", which is not among its outs \(x, ..\/up\)/);
  assert.equal(artifact.path, '/pipelines/p/stages/c/registers/artifact');
  const cycle = only(problems, /pipeline "p" has a cycle: (a -> b -> a|b -> a -> b)/);
  assert.match(cycle.path, /^\/pipelines\/p\/stages\/[ab]\/deps$/);
  assert.equal(cycle.line, cycle.path.includes('/a/') ? 5 : 6);
});

test('a valid pipeline, a metrics file that is also an out, and a dataset dep give no problem', () => {
  const text = lines(
    '{',
    '  "datasets": { "raw": "data/raw.csv" },',
    '  "pipelines": { "p": { "stages": {',
    '    "prep": { "command": "p", "deps": ["raw", "src/prep.py"], "outs": ["data/clean"] },',
    '    "fit": { "command": "f ${params.lr}", "params": { "lr": 0.1 }, "deps": ["data/clean/train.csv"], "outs": ["model.pt", "metrics.json"], "metrics": "metrics.json", "registers": { "model": "m", "artifact": "model.pt" } }',
    '  } } }',
    '}',
  );
  assert.deepEqual(loadConfig(workspace(text, ['data/raw.csv', 'src/prep.py'])).problems, []);
});

test('with the workspace: a dep nothing provides, and a cwd that is not there, at their line', () => {
  const text = lines(
    '{',
    '  "datasets": { "raw": "data/raw.csv" },',
    '  "pipelines": { "p": { "stages": {',
    '    "prep": { "command": "p", "deps": ["raw", "src/missing.py", "data/*.csv"], "outs": ["out"] },',
    '    "fit": { "command": "f", "cwd": "nowhere", "deps": ["out/part", "notes.txt"] }',
    '  } } }',
    '}',
  );
  const root = workspace(text, ['data/raw.csv']);
  const { problems } = loadConfig(root);
  const missing = only(problems, /no file, folder or dataset named "src\/missing.py"; create it, declare it under "datasets"/);
  assert.equal(missing.path, '/pipelines/p/stages/prep/deps/1');
  assert.deepEqual({ line: missing.line, column: missing.column }, where(text, '"src/missing.py"'));
  const notes = only(problems, /no file, folder or dataset named "notes.txt"/);
  assert.equal(notes.path, '/pipelines/p/stages/fit/deps/1');
  const cwd = only(problems, /stage "fit" of pipeline "p": the run's working folder .*nowhere does not exist/);
  assert.deepEqual({ line: cwd.line, column: cwd.column }, where(text, '"nowhere"'));
  assert.equal(problems.length, 3, problems.map((p) => p.message).join(' | '));
  // Without the workspace nothing is checked against the disk.
  assert.deepEqual(parseConfigText(text).problems, []);
  // Once the file is there, its problem goes.
  fs.writeFileSync(path.join(root, 'notes.txt'), 'n');
  assert.equal(loadConfig(root).problems.length, 2);
});

test('a pipeline whose section has a schema problem is reported by the schema alone', () => {
  const text = lines('{', '  "pipelines": { "p": { "stages": { "a": { "deps": ["x"] } } } }', '}');
  const { problems } = parseConfigText(text);
  assert.equal(problems.length, 1, problems.map((p) => p.message).join(' | '));
  assert.match(problems[0].path, /^\/pipelines/);
});
