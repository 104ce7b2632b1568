// `mlops run` and friends as a user runs them: the built CLI in real child processes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { isAlive } from '../../../src/core/tracking/processTree';
import { listRuns } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';
import { mlops, spawnMlops } from './runCli';

function workspace(config: object = {}) {
  const root = tempWorkspace();
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(config));
  return root;
}

const trainPy = `import sys, json, mlops_workbench as mw
lr = float(sys.argv[1])
for step in range(5):
    mw.log_metric("val/acc", 0.5 + lr * step)
json.dump({"lr": lr}, open("model.json", "w"))
print("done lr", lr)
`;

function trainWorkspace() {
  const root = workspace({
    runs: { train: { command: 'python3 train.py ${params.lr}', params: { lr: 0.1 }, inputs: ['data.csv'], outputs: ['model.json'], sweep: { lr: [0.01, 0.02, 0.03] } } },
  });
  fs.writeFileSync(path.join(root, 'train.py'), trainPy);
  fs.writeFileSync(path.join(root, 'data.csv'), 'x\n1\n');
  return root;
}

test('run -- COMMAND streams the output and exits with the run\'s exit code', () => {
  const root = workspace();
  const r = mlops(['run', '--', 'python3', '-c', 'import sys; print("hello there"); sys.exit(4)'], root);
  assert.equal(r.code, 4);
  assert.match(r.stdout, /hello there/);
  assert.match(r.stderr, /failed in .* \(exit code 4\)/);
  const list = JSON.parse(mlops(['runs', 'list', '--json'], root).stdout);
  assert.equal(list.length, 1);
  assert.deepEqual([list[0].experiment, list[0].status, list[0].exitCode], ['adhoc', 'failed', 4]);
  assert.equal(list[0].metrics, undefined);
});

test('run NAME with --param and --name records what `runs show --json` promises', () => {
  const root = trainWorkspace();
  const r = mlops(['run', 'train', '--param', 'lr=0.2', '--name', 'big-lr', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /done lr 0.2/); // with --json the run's output goes to stderr
  const fromRun = JSON.parse(r.stdout);
  const show = JSON.parse(mlops(['runs', 'show', 'big-lr', '--json'], root).stdout);
  assert.equal(show.id, fromRun.id);
  assert.deepEqual([show.name, show.experiment, show.status, show.exitCode, show.command], ['big-lr', 'train', 'finished', 0, 'python3 train.py 0.2']);
  assert.deepEqual(show.params, { lr: 0.2 });
  assert.deepEqual(show.metrics['val/acc'], { last: 0.5 + 0.2 * 4, min: 0.5, max: 0.5 + 0.2 * 4, step: 4, count: 5 });
  assert.deepEqual(show.inputs.map((i: { path: string }) => i.path), ['data.csv']);
  assert.equal(show.inputs[0].hash.length, 64);
  assert.deepEqual(show.artifacts.map((a: { path: string }) => a.path), ['model.json']);
  assert.ok(show.artifacts[0].size > 0);
  assert.ok('commit' in show.git && 'dirty' in show.git);
  for (const k of ['startedAt', 'endedAt']) assert.match(show[k], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  const history = JSON.parse(mlops(['metrics', 'big-lr', 'val/acc', '--json'], root).stdout);
  assert.deepEqual(history.map((p: { step: number }) => p.step), [0, 1, 2, 3, 4]);
  assert.equal(mlops(['metrics', show.id.slice(0, 8), 'val/acc', '--csv'], root).stdout.split('\n')[0], 'step,value,timestamp');
});

test('bad run references, unknown runs and bad params are usage errors (exit 2)', () => {
  const root = trainWorkspace();
  assert.equal(mlops(['run', 'nope'], root).code, 2);
  assert.equal(mlops(['run', 'train', '--param', 'lr'], root).code, 2);
  assert.equal(mlops(['runs', 'show', 'no-such-run'], root).code, 2);
  assert.equal(mlops(['run', 'train', '--name', 'twin'], root).code, 0);
  assert.equal(mlops(['run', 'train', '--name', 'twin'], root).code, 0);
  const ambiguous = mlops(['runs', 'show', 'twin'], root);
  assert.equal(ambiguous.code, 2);
  assert.match(ambiguous.stderr, /names 2 runs/);
});

test('sweep runs the grid and compare lists the differing param', () => {
  const root = trainWorkspace();
  const r = mlops(['sweep', 'train', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const sweep = JSON.parse(r.stdout);
  assert.deepEqual(sweep.runs.map((x: { params: { lr: number } }) => x.params.lr), [0.01, 0.02, 0.03]);
  assert.ok(sweep.runs.every((x: { status: string }) => x.status === 'finished'));
  const cmp = JSON.parse(mlops(['runs', 'compare', ...sweep.runs.map((x: { id: string }) => x.id), '--json'], root).stdout);
  assert.deepEqual(cmp.differingParams, ['lr']);
});

test('runs delete removes the run and the objects only it referenced', () => {
  const root = trainWorkspace();
  const a = JSON.parse(mlops(['run', 'train', '--json'], root).stdout);
  const b = JSON.parse(mlops(['run', 'train', '--json', '--param', 'lr=0.3'], root).stdout);
  const objectFile = (hash: string) => path.join(root, '.mlops', 'objects', hash.slice(0, 2), hash.slice(2));
  const showA = JSON.parse(mlops(['runs', 'show', a.id, '--json'], root).stdout);
  const showB = JSON.parse(mlops(['runs', 'show', b.id, '--json'], root).stdout);
  assert.notEqual(showA.artifacts[0].hash, showB.artifacts[0].hash);
  const del = mlops(['runs', 'delete', a.id], root);
  assert.equal(del.code, 0, del.stderr);
  assert.equal(fs.existsSync(objectFile(showA.artifacts[0].hash)), false);
  assert.equal(fs.existsSync(objectFile(showB.artifacts[0].hash)), true);
  assert.equal(fs.existsSync(path.join(root, '.mlops', 'runs', a.id)), false);
  assert.equal(JSON.parse(mlops(['runs', 'list', '--json'], root).stdout).length, 1);
});

test('kill -9 of the launcher mid-run: the run ends "lost" with every event ingested once', async () => {
  const root = workspace();
  fs.writeFileSync(
    path.join(root, 'slow.py'),
    `import time, mlops_workbench as mw
for i in range(3000):
    mw.log_metric("x", i)
    if i % 100 == 0:
        mw.flush()
        time.sleep(0.05)
mw.flush()
open("finished.marker", "w").write("ok")
`,
  );
  const launcher = spawnMlops(['run', '--name', 'crashy', '--', 'python3', 'slow.py'], root);
  launcher.stdout.resume();
  launcher.stderr.resume();
  const store = Store.open(root);
  const count = () => Number(store.db.prepare(`SELECT COUNT(*) AS n FROM metrics WHERE key = 'x'`).get<{ n: number }>()?.n ?? 0);
  const until = async (cond: () => boolean, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!cond()) {
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  await until(() => count() > 300, 'the launcher to ingest some points');
  launcher.kill('SIGKILL');
  await until(() => fs.existsSync(path.join(root, 'finished.marker')), 'the orphaned run to finish');
  // The run's own process outlives the marker by a moment; "lost" needs it gone.
  const pid = listRuns(store).find((r) => r.name === 'crashy')?.pid;
  assert.ok(pid, 'the launcher recorded the run\'s process');
  await until(() => !isAlive(pid), `the run's process ${pid} to exit`);
  const show = JSON.parse(mlops(['runs', 'show', 'crashy', '--json'], root).stdout);
  assert.equal(show.status, 'lost');
  assert.deepEqual(show.metrics.x, { last: 2999, min: 0, max: 2999, step: 2999, count: 3000 });
  store.close();
});
