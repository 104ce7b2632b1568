// kill -9 of `mlops repro` leaves the stage it had started running on its own (its own process
// group). The next repro refuses to start that stage beside it, naming its process; once it is gone
// the repro puts back the out the stage left half-written, then runs it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { getPipelineRun, stageRuns } from '../../../src/core/pipelines/pipelineRuns';
import { heldRollback } from '../../../src/core/pipelines/rollbackRecords';
import { stageProcessRunning } from '../../../src/core/pipelines/stageProcess';
import { spawnMlops } from '../cli/runCli';
import { reproWorkspace } from './reproFixture';

/** `mlops ARGS` (the built CLI) in `root`; resolves with its exit code and output when it ends. */
function mlops(root: string, args: string[]) {
  const proc = spawnMlops(args, root);
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const ended = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
  return { proc, ended };
}

const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setTimeout(r, 25));
};

// The stage notes the out it finds, writes it, then waits for the file `go` before it ends (no time
// limit: it runs until told or killed).
const stage = `const fs = require('fs');
fs.writeFileSync('seen', fs.existsSync('model.txt') ? fs.readFileSync('model.txt', 'utf8') : '(none)');
fs.writeFileSync('model.txt', 'partial');
fs.writeFileSync('started', String(process.pid));
const t = setInterval(() => { if (fs.existsSync('go')) { fs.writeFileSync('model.txt', 'done'); clearInterval(t); } }, 20);
`;

test('a stage left running by a killed repro: the next repro is refused naming it and how to stop it; once stopped, repro runs', async () => {
  const ws = reproWorkspace({ pipelines: { p: { stages: { train: { command: 'node wait.js', deps: ['wait.js'], outs: ['model.txt'] } } } } });
  ws.write('wait.js', stage);
  ws.write('model.txt', 'the model before');
  const first = mlops(ws.root, ['repro']);
  let firstEnded = false;
  void first.ended.then((r) => {
    firstEnded = true;
    return r;
  });
  await until(() => {
    if (firstEnded) throw new Error('the first repro ended before its stage started');
    return ws.read('started') !== undefined && stageRuns(ws.store, pipelineRunId())[0]?.pid !== undefined;
  });
  function pipelineRunId() {
    return ws.store.db.prepare('SELECT id FROM pipeline_runs').get<{ id: string }>()?.id ?? '';
  }
  const id = pipelineRunId();
  const row = stageRuns(ws.store, id)[0];
  assert.equal(row.outcome, 'running');
  const pid = row.pid!;
  first.proc.kill('SIGKILL');
  await first.ended;
  assert.ok(stageProcessRunning(pid, row.pidStart), 'the stage outlives its repro');
  assert.equal(ws.read('seen'), 'the model before');

  const refused = await mlops(ws.root, ['repro']).ended;
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, new RegExp(`Stage train of pipeline "p" is still running as process ${pid}, left by a repro that was killed`));
  assert.ok(refused.stderr.includes(`kill -- -${pid}`), refused.stderr);
  assert.equal(getPipelineRun(ws.store, id)!.status, 'running', 'its pipeline run is not lost while its stage runs');
  assert.ok(heldRollback(ws.store, id, 'train'), 'the saved outs stay held');
  assert.equal(ws.store.db.prepare('SELECT count(*) AS n FROM pipeline_runs').get<{ n: number }>()!.n, 1, 'the refused repro recorded nothing');

  process.kill(-pid, 'SIGKILL');
  await until(() => !stageProcessRunning(pid, row.pidStart));
  ws.write('go', '');
  const ran = await mlops(ws.root, ['repro']).ended;
  assert.equal(ran.code, 0, ran.stderr);
  // The half-written out went back to what it was before the killed run's stage started.
  assert.equal(ws.read('seen'), 'the model before', 'the stage found its out put back');
  assert.ok(ran.stderr.includes(`mlops: put back model.txt as they were before stage train started in pipeline run ${id}, whose repro was killed while it ran`), ran.stderr);
  assert.match(ran.stdout, /^train\s+ran/m);
  assert.equal(ws.read('model.txt'), 'done');
  assert.equal(getPipelineRun(ws.store, id)!.status, 'lost');
  assert.equal(heldRollback(ws.store, id, 'train'), undefined, 'the lost run let go of its saved outs');
});

test('a recorded stage process is told from a later process given the same pid by its start time', () => {
  const self = fs.readFileSync('/proc/self/stat', 'utf8');
  const start = self.slice(self.lastIndexOf(')') + 2).split(' ')[19];
  assert.ok(stageProcessRunning(process.pid, start));
  assert.ok(!stageProcessRunning(process.pid, String(Number(start) - 1)));
});
