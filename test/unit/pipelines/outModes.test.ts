// The executable bit of outs (a file out, files of a folder out) comes back with them: from the run
// cache and from a rollback.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { getStageState } from '../../../src/core/pipelines/stageState';
import { outcomes, reproWorkspace } from './reproFixture';

// build.sh writes tool.sh (executable) and bin/ (run: executable, notes.txt: not) from in.txt.
const build = `cat in.txt > tool.sh && chmod 755 tool.sh
mkdir -p bin && cat in.txt > bin/run && chmod 755 bin/run && echo notes > bin/notes.txt && chmod 644 bin/notes.txt
`;
const config = { pipelines: { p: { stages: { build: { command: 'sh build.sh', deps: ['build.sh', 'in.txt'], outs: ['tool.sh', 'bin'] } } } } };

const modes = (root: string) => Object.fromEntries(['tool.sh', 'bin/run', 'bin/notes.txt'].map((f) => [f, (fs.statSync(path.join(root, f)).mode & 0o111) !== 0]));
/** A workspace whose stage has run once on in.txt = `input`. */
async function builtFrom(input: string) {
  const ws = reproWorkspace(config);
  ws.write('build.sh', build);
  ws.write('in.txt', input);
  assert.deepEqual(outcomes(await ws.repro()), { build: 'ran' });
  return ws;
}

const expected = { 'tool.sh': true, 'bin/run': true, 'bin/notes.txt': false };

test('outs restored from the run cache keep their executable bit (input A, B, then A again)', async () => {
  const ws = await builtFrom('A');
  assert.deepEqual(getStageState(ws.store, 'p', 'build')!.outs.map((o) => o.executable), [['tool.sh'], ['bin/run']]);
  ws.write('in.txt', 'B');
  assert.deepEqual(outcomes(await ws.repro()), { build: 'ran' });
  ws.write('in.txt', 'A');
  assert.deepEqual(outcomes(await ws.repro()), { build: 'restored' });
  assert.equal(ws.read('tool.sh'), 'A');
  assert.equal(ws.read('bin/run'), 'A');
  assert.deepEqual(modes(ws.root), expected);
});

test('a failed stage puts its outs back with their executable bit', async () => {
  const ws = await builtFrom('A');
  // The stage now rewrites every out without the bit, then fails.
  ws.write('build.sh', 'echo broken > tool.sh && chmod 644 tool.sh bin/run && echo broken > bin/run && exit 1\n');
  assert.deepEqual(outcomes(await ws.repro()), { build: 'failed' });
  assert.equal(ws.read('tool.sh'), 'A');
  assert.equal(ws.read('bin/run'), 'A');
  assert.deepEqual(modes(ws.root), expected);
});
