// `mlops repro` as a user runs it: the built CLI in real child processes, stages as real processes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { getStageState } from '../../../src/core/pipelines/stageState';
import { Store } from '../../../src/core/store/store';
import { getRun, listRuns } from '../../../src/core/tracking/runRecords';
import { reproWorkspace, stagesConfig, type StageDef } from '../pipelines/reproFixture';
import { mlops, spawnMlops } from './runCli';

const chain = (train: Partial<StageDef> = {}) =>
  stagesConfig({
    prepare: { out: 'clean.txt', ins: ['raw.txt'] },
    train: { out: 'model.txt', ins: ['clean.txt'], ...train },
    evaluate: { out: 'report.txt', ins: ['model.txt'] },
    other: { out: 'other.txt', ins: ['raw.txt'] },
  });

/** A workspace for the CLI: mlops.json and stage.js, the store closed so only the CLI writes. */
function cliWorkspace(config: object) {
  const ws = reproWorkspace(config);
  ws.write('raw.txt', 'x');
  ws.store.close();
  return ws;
}

const until = async (what: string, ok: () => boolean, ms = 30000) => {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const exited = (child: ReturnType<typeof spawnMlops>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

test('repro prints a line per stage and a summary; the second is up to date; --dry-run and --json', () => {
  const ws = cliWorkspace(chain());
  const dry = mlops(['repro', '--dry-run'], ws.root);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^train\s+would run: .*upstream stage prepare will run$/m);
  assert.match(dry.stdout, /pipeline p dry run: 4 would run/);
  const first = mlops(['repro'], ws.root); // NAME is optional with one pipeline
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^prepare\s+ran\s+\S+ m?s$/m);
  assert.match(first.stdout, /prepare wrote clean\.txt/); // the stage's own output
  assert.match(first.stdout, /^pipeline p finished: 4 ran in /m);
  const second = mlops(['repro', 'p', '--json'], ws.root);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /^evaluate\s+up to date$/m);
  const json = JSON.parse(second.stdout) as { status: string; stages: { stage: string; outcome: string }[] };
  assert.equal(json.status, 'finished');
  assert.deepEqual(new Set(json.stages.map((s) => s.outcome)), new Set(['up-to-date']));
});

test('a failed stage: exit 1, its downstream not run, the independent stage ran', () => {
  const ws = cliWorkspace(chain({ args: '--fail' }));
  const r = mlops(['repro'], ws.root);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^train\s+failed: exit code 1; its outs were put back as they were$/m);
  assert.match(r.stdout, /^evaluate\s+not run: upstream stage train failed$/m);
  assert.match(r.stdout, /^other\s+ran/m);
  assert.match(r.stderr, /train fails/);
  assert.match(r.stdout, /pipeline p failed: 2 ran, 1 failed, 1 not run/);
  assert.equal(ws.read('model.txt'), undefined, 'the out the failed stage wrote is gone');
});

test('bad input exits 2 naming the problem: unknown pipeline or stage, no name among several, --jobs, an invalid graph', () => {
  const ws = cliWorkspace(chain());
  let r = mlops(['repro', 'nope'], ws.root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /No pipeline "nope"/);
  r = mlops(['repro', '--stage', 'nope'], ws.root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no stage "nope" \(stages: .*prepare/);
  r = mlops(['repro', '--jobs', '0'], ws.root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--jobs must be a whole number of at least 1/);
  const two = { pipelines: { ...(chain() as { pipelines: object }).pipelines, q: { stages: { s: { command: 'true', outs: ['q.txt'] } } } } };
  ws.setConfig(two);
  r = mlops(['repro'], ws.root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /2 pipelines: name one \(p, q\)/);
  // A cycle: mlops.json's problems, located, as for `mlops run`.
  ws.setConfig({ pipelines: { p: { stages: { a: { command: 'true', deps: ['b.txt'], outs: ['a.txt'] }, b: { command: 'true', deps: ['a.txt'], outs: ['b.txt'] } } } } });
  r = mlops(['repro'], ws.root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /mlops\.json:\d+:\d+.*(cycle|a -> b)/i);
  assert.equal(listRuns(Store.open(ws.root)).length, 0);
});

test('--jobs 2 prefixes each output line with its stage', () => {
  const ws = cliWorkspace(
    stagesConfig({
      a: { out: 'a.txt', ins: ['raw.txt'], args: '--barrier b' },
      b: { out: 'b.txt', ins: ['raw.txt'], args: '--barrier a' },
    }),
  );
  const r = mlops(['repro', '--jobs', '2'], ws.root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^a \| a wrote a\.txt$/m);
  assert.match(r.stdout, /^b \| b wrote b\.txt$/m);
});

test('kill -9 of repro mid-pipeline: the next repro marks it lost and runs only what was left', async () => {
  const ws = cliWorkspace(chain({ args: '--barrier go' })); // train waits for stamps/go.start
  const child = spawnMlops(['repro'], ws.root);
  const ended = exited(child);
  const store = Store.open(ws.root);
  // prepare (and other, before it by name) have recorded their execution; train is running.
  await until('prepare recorded and train running', () => {
    const train = listRuns(store).find((r) => r.stage === 'train');
    return getStageState(store, 'p', 'prepare') !== undefined && getStageState(store, 'p', 'other') !== undefined && train?.pid !== undefined;
  });
  const trainRun = listRuns(store).find((r) => r.stage === 'train')!;
  child.kill('SIGKILL');
  await ended;
  // The stage's process group outlives its launcher (as a run's does); end it as a reboot would.
  process.kill(-trainRun.pid!, 'SIGKILL');
  const runsBefore = listRuns(store).length;
  ws.write('stamps/go.start', '');
  const r = mlops(['repro'], ws.root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^prepare\s+up to date$/m);
  assert.match(r.stdout, /^other\s+up to date$/m);
  assert.match(r.stdout, /^train\s+ran/m);
  assert.match(r.stdout, /^evaluate\s+ran/m);
  assert.equal(listRuns(store).length, runsBefore + 2);
  const pipelineRuns = store.db.prepare('SELECT status FROM pipeline_runs ORDER BY started_at').all<{ status: string }>().map((p) => p.status);
  assert.deepEqual(pipelineRuns, ['lost', 'finished']);
  assert.equal(getRun(store, trainRun.id)!.status, 'lost');
  store.close();
});

test('Ctrl+C (SIGINT): the running stage is stopped, its outs put back, exit 130', async () => {
  const ws = cliWorkspace(chain({ args: '--hold' }));
  ws.write('model.txt', 'the model before');
  const child = spawnMlops(['repro'], ws.root);
  const ended = exited(child);
  await until('train holding', () => fs.existsSync(path.join(ws.root, 'stamps', 'train.holding')));
  assert.equal(ws.read('model.txt'), 'partial');
  child.kill('SIGINT');
  const r = await ended;
  assert.equal(r.code, 130, r.stderr);
  assert.equal(ws.read('model.txt'), 'the model before');
  assert.match(r.stdout, /^train\s+stopped: /m);
  assert.match(r.stdout, /^evaluate\s+not run: /m);
  assert.match(r.stdout, /pipeline p stopped/);
  const store = Store.open(ws.root);
  assert.equal(store.db.prepare('SELECT status FROM pipeline_runs').get<{ status: string }>()!.status, 'killed');
  store.close();
});
