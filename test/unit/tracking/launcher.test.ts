import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyConfig } from '../../../src/core/config/types';
import { readObject } from '../../../src/core/data/objectCache';
import { Store } from '../../../src/core/store/store';
import { launchRun, type LaunchSpec } from '../../../src/core/tracking/launcher';
import { metricHistory, metricKeys } from '../../../src/core/tracking/metricRecords';
import { isAlive } from '../../../src/core/tracking/processTree';
import { runDetails } from '../../../src/core/tracking/runDetails';
import { getRun } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

const sdkDir = path.resolve(__dirname, '../../../src/sdk/python');

function workspace() {
  const root = tempWorkspace();
  const store = Store.open(root);
  const spec = (over: Partial<LaunchSpec>): LaunchSpec => ({ workspaceRoot: root, store, config: emptyConfig(), command: 'true', experiment: 'test', params: {}, sdkDir, ...over });
  return { root, store, spec };
}

function script(root: string, name: string, body: string): string {
  fs.writeFileSync(path.join(root, name), body);
  return name;
}

test('a python run through the helper records metrics, params, tags, inputs, artifacts and output', async () => {
  const { root, store, spec } = workspace();
  fs.mkdirSync(path.join(root, 'data'));
  fs.writeFileSync(path.join(root, 'data', 'train.csv'), 'a,b\n1,2\n');
  script(
    root,
    'train.py',
    `import mlops_workbench as mw, json
mw.log_params({"lr": 0.1, "epochs": 3})
mw.set_tag("stage", "test")
for e in range(3):
    mw.log_metric("loss", 1.0 / (e + 1))
print("trained", flush=True)
json.dump({"w": [1, 2]}, open("model.json", "w"))
mw.log_artifact("model.json")
`,
  );
  const h = launchRun(spec({ command: 'python3 train.py', params: { lr: 0.1 }, inputs: ['data/train.csv'], outputs: ['model.json'] }));
  const outcome = await h.done;
  assert.deepEqual([outcome.status, outcome.exitCode], ['finished', 0]);
  const d = runDetails(store, h.runId)!;
  assert.deepEqual(d.params, { lr: 0.1, epochs: 3 });
  assert.deepEqual(d.tags, { stage: 'test' });
  assert.deepEqual(metricHistory(store, h.runId, 'loss').map((p) => p.step), [0, 1, 2]);
  assert.equal(d.metrics.loss.last, 1 / 3);
  assert.equal(d.inputs[0].path, 'data/train.csv');
  assert.equal(d.inputs[0].hash, createHash('sha256').update('a,b\n1,2\n').digest('hex'));
  assert.equal(d.artifacts.length, 1);
  assert.equal(d.artifacts[0].path, 'model.json');
  assert.deepEqual(JSON.parse(readObject(root, d.artifacts[0].hash).toString()), { w: [1, 2] });
  assert.match(d.environment.python ?? '', /^3\./);
  assert.match(fs.readFileSync(path.join(h.folder, 'output.log'), 'utf8'), /trained/);
  assert.ok(d.durationMs !== undefined && d.durationMs >= 0);
});

test('a failing command is "failed" with its exit code', async () => {
  const { spec } = workspace();
  const outcome = await launchRun(spec({ command: 'exit 7' })).done;
  assert.deepEqual([outcome.status, outcome.exitCode], ['failed', 7]);
});

test('stop ends the whole process tree and marks the run killed', async () => {
  const { store, spec } = workspace();
  // A grandchild in the background, and a child that ignores SIGTERM: both must go.
  const h = launchRun(spec({ command: `sleep 300 & echo $! > grandchild.pid; trap '' TERM; while true; do sleep 0.1; done`, killGraceMs: 500 }));
  const pidFile = path.join(store.root, 'grandchild.pid');
  const deadline = Date.now() + 5000;
  while (!fs.existsSync(pidFile) || !fs.readFileSync(pidFile, 'utf8').trim()) {
    assert.ok(Date.now() < deadline, 'the run never started its grandchild');
    await new Promise((r) => setTimeout(r, 20));
  }
  const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
  h.stop();
  const outcome = await h.done;
  assert.equal(outcome.status, 'killed');
  assert.equal(isAlive(h.pid!), false);
  assert.equal(isAlive(grandchild), false);
});

test('system metrics of the process tree are sampled while the run executes', async () => {
  const { store, spec } = workspace();
  const h = launchRun(spec({ command: `python3 -c "import time; t=time.time(); x=0
while time.time()-t < 1.2: x+=1"`, systemMetricsMs: 200 }));
  await h.done;
  const keys = metricKeys(store, h.runId);
  assert.ok(keys.includes('system/cpu_percent') && keys.includes('system/rss_mb'), keys.join(','));
  const cpu = metricHistory(store, h.runId, 'system/cpu_percent').map((p) => p.value);
  // How much of a core a sample shows depends on what else the machine runs: only that it saw the loop.
  assert.ok(Math.max(...cpu) > 0, `a busy loop should use CPU: ${cpu.join(', ')}`);
  // A sample taken before the shell has started Python sees only the shell (under 1 MB with dash).
  const rss = metricHistory(store, h.runId, 'system/rss_mb').map((p) => p.value);
  assert.ok(rss.every((v) => v > 0) && Math.max(...rss) > 1, `resident memory of the tree: ${rss.join(', ')}`);
});

test('four concurrent runs writing metrics while the store is read: no SQLITE_BUSY', async () => {
  const { store, spec, root } = workspace();
  script(root, 'many.py', 'import mlops_workbench as mw\nfor i in range(20000):\n    mw.log_metric("x", i)\n');
  const handles = Array.from({ length: 4 }, () => launchRun(spec({ command: 'python3 many.py', ingestMs: 50 })));
  const reader = Store.open(root);
  let reads = 0;
  const poll = setInterval(() => {
    for (const h of handles) runDetails(reader, h.runId);
    reads++;
  }, 20);
  const outcomes = await Promise.all(handles.map((h) => h.done));
  clearInterval(poll);
  reader.close();
  assert.ok(reads > 0);
  for (const o of outcomes) {
    assert.equal(o.status, 'finished');
    const points = metricHistory(store, o.runId, 'x');
    assert.equal(points.length, 20000);
    assert.equal(new Set(points.map((p) => p.step)).size, 20000);
  }
});

test('a very chatty command keeps its whole output in output.log', async () => {
  const { spec } = workspace();
  const h = launchRun(spec({ command: `python3 -c "import sys
for i in range(200000): sys.stdout.write('line %d\\n' % i)"` }));
  await h.done;
  const lines = fs.readFileSync(path.join(h.folder, 'output.log'), 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 200000);
  assert.equal(lines[199999], 'line 199999');
});

test('output.log is whole by the time the run reads as ended in the store', async () => {
  const { store, spec } = workspace();
  // Blocks of 1000 lines per write: the output arrives faster than a file stream writes it.
  const h = launchRun(spec({ command: `python3 -c "import sys
for i in range(0, 300000, 1000): sys.stdout.write(''.join('line %d\\n' % j for j in range(i, i + 1000)))"` }));
  // What another reader sees (the editor, \`mlops runs show\`): the store's status, then the file.
  let lines: string[] = [];
  for (;;) {
    if (getRun(store, h.runId)?.status !== 'running') {
      lines = fs.readFileSync(path.join(h.folder, 'output.log'), 'utf8').trimEnd().split('\n');
      break;
    }
    await new Promise((r) => setImmediate(r));
  }
  await h.done;
  assert.equal(lines.length, 300000, 'output.log was read short after the run ended');
  assert.equal(lines[299999], 'line 299999');
});

test('a run\'s appended events are ingested as they land, not at the next interval tick', { timeout: 60_000 }, async () => {
  const { root, store, spec } = workspace();
  // The run logs one point, flushes it, then waits for the test to let it end.
  script(
    root,
    'live.py',
    `import mlops_workbench as mw, os, time
mw.log_metric("loss", 0.5)
mw.flush()
while not os.path.exists("release"):
    time.sleep(0.02)
`,
  );
  let seen: () => void = () => undefined;
  const ingested = new Promise<void>((resolve) => (seen = resolve));
  // An interval far longer than the test: only watching the events file can bring the point in.
  let runId = '';
  const check = () => runId && metricKeys(store, runId).includes('loss') && seen();
  const h = launchRun(spec({ command: 'python3 live.py', ingestMs: 600_000, onChange: check }));
  runId = h.runId;
  check();
  await ingested;
  assert.deepEqual(metricHistory(store, h.runId, 'loss').map((p) => p.value), [0.5]);
  assert.equal(isAlive(h.pid!), true, 'the point arrived while the run was still running');
  fs.writeFileSync(path.join(root, 'release'), '');
  assert.equal((await h.done).status, 'finished');
});
