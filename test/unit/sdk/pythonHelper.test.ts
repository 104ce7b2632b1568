// Tests for src/sdk/python/mlops_workbench.py, run against a real python3:
// each test spawns a child process with the helper on PYTHONPATH and reads the
// events file back exactly as the ingester would (strict JSON, one object a line).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const HELPER_DIR = path.resolve(__dirname, '../../../src/sdk/python');
const PYTHON = process.env.MLOPS_TEST_PYTHON ?? 'python3';
const OUTSIDE_WARNING =
  'mlops_workbench: not inside an MLOps run (MLOPS_EVENTS_FILE is not set); logging calls do nothing';

interface PyResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Sandbox {
  dir: string;
  events: string;
}

function sandbox(): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-pyhelper-'));
  return { dir, events: path.join(dir, 'events.jsonl') };
}

// The test runner itself may be running inside an MLOps run: never let the
// outer run's variables leak into the child.
function childEnv(sb: Sandbox | null, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.MLOPS_RUN_ID;
  delete env.MLOPS_EVENTS_FILE;
  delete env.MLOPS_WORKSPACE;
  env.PYTHONPATH = HELPER_DIR;
  env.PYTHONDONTWRITEBYTECODE = '1'; // keep __pycache__ out of src/sdk/python
  env.PYTHONUNBUFFERED = '1';
  if (sb) {
    env.MLOPS_RUN_ID = 'run-test-1';
    env.MLOPS_EVENTS_FILE = sb.events;
    env.MLOPS_WORKSPACE = sb.dir;
  }
  return { ...env, ...extra };
}

function runPython(code: string, sb: Sandbox | null, opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<PyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', code], {
      cwd: opts.cwd ?? sb?.dir ?? os.tmpdir(),
      env: childEnv(sb, opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function runOk(code: string, sb: Sandbox | null, opts?: { cwd?: string; env?: Record<string, string> }): Promise<PyResult> {
  const r = await runPython(code, sb, opts);
  assert.equal(r.code, 0, `python exited with ${r.code}\nstderr:\n${r.stderr}`);
  return r;
}

/** Parses the events file strictly: every line complete, newline-terminated, valid JSON object. */
function readEvents(file: string): Record<string, unknown>[] {
  const text = fs.readFileSync(file, 'utf8');
  if (text === '') return [];
  assert.ok(text.endsWith('\n'), 'events file must end with a newline (whole lines only)');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line); // JSON.parse rejects NaN/Infinity literals, as the ingester does
      } catch (err) {
        assert.fail(`line ${i + 1} is not valid JSON: ${JSON.stringify(line.slice(0, 200))} (${String(err)})`);
      }
      assert.ok(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed), `line ${i + 1} is not an object`);
      return parsed as Record<string, unknown>;
    });
}

const hasPython = spawnSync(PYTHON, ['--version']).status === 0;
const hasNumpy = hasPython && spawnSync(PYTHON, ['-c', 'import numpy']).status === 0;

test('python3 is available', () => {
  assert.ok(hasPython, `${PYTHON} must be on PATH to test the logging helper`);
});

test('writes exactly the documented line shapes', async () => {
  const sb = sandbox();
  fs.writeFileSync(path.join(sb.dir, 'model.pkl'), 'x');
  const r = await runOk(
    `
import mlops_workbench as mw
mw.log_metric("loss", 0.31, step=3, timestamp=1764241200123)
mw.log_param("lr", 0.01)
mw.set_tag("k", "v")
mw.log_artifact("model.pkl")
print(mw.active_run_id())
`,
    sb,
  );
  assert.equal(r.stdout.trim(), 'run-test-1');
  assert.equal(r.stderr, '');
  assert.equal(
    fs.readFileSync(sb.events, 'utf8'),
    '{"type":"metric","key":"loss","value":0.31,"step":3,"timestamp":1764241200123}\n' +
      '{"type":"param","key":"lr","value":0.01}\n' +
      '{"type":"tag","key":"k","value":"v"}\n' +
      '{"type":"artifact","path":"model.pkl"}\n',
  );
});

test('default timestamp is the current time in integer milliseconds', async () => {
  const sb = sandbox();
  const before = Date.now();
  await runOk('import mlops_workbench as mw\nmw.log_metric("m", 1)\nmw.log_metrics({"a": 1, "b": 2})', sb);
  const after = Date.now();
  const events = readEvents(sb.events);
  assert.equal(events.length, 3);
  for (const e of events) {
    assert.ok(Number.isInteger(e.timestamp), `timestamp ${String(e.timestamp)} is not an integer`);
    assert.ok((e.timestamp as number) >= before - 5 && (e.timestamp as number) <= after + 5, 'timestamp is not now');
  }
  // One log_metrics call shares a single timestamp.
  assert.equal(events[1].timestamp, events[2].timestamp);
  assert.deepEqual(Object.keys(events[0]), ['type', 'key', 'value', 'step', 'timestamp']);
});

test('steps auto-increment per key starting at 0', async () => {
  const sb = sandbox();
  await runOk(
    `
import mlops_workbench as mw
for i in range(3):
    mw.log_metric("a", i * 1.5)
mw.log_metric("b", 7)
mw.log_metrics({"a": 10, "b": 20})
`,
    sb,
  );
  const got = readEvents(sb.events).map((e) => [e.key, e.value, e.step]);
  assert.deepEqual(got, [
    ['a', 0, 0],
    ['a', 1.5, 1],
    ['a', 3, 2],
    ['b', 7, 0],
    ['a', 10, 3],
    ['b', 20, 1],
  ]);
});

test('an explicit step sets the counter so the next omitted step is step+1', async () => {
  const sb = sandbox();
  await runOk(
    `
import mlops_workbench as mw
mw.log_metric("a", 1)
mw.log_metric("a", 2, step=10)
mw.log_metric("a", 3)
mw.log_metric("a", 4, step=5)
mw.log_metric("a", 5)
mw.log_metrics({"a": 6, "c": 7}, step=100)
mw.log_metrics({"a": 8, "c": 9})
mw.log_metric("d", 1, step=0)
mw.log_metric("d", 2)
`,
    sb,
  );
  const got = readEvents(sb.events).map((e) => `${String(e.key)}@${String(e.step)}=${String(e.value)}`);
  assert.deepEqual(got, ['a@0=1', 'a@10=2', 'a@11=3', 'a@5=4', 'a@6=5', 'a@100=6', 'c@100=7', 'a@101=8', 'c@101=9', 'd@0=1', 'd@1=2']);
});

test('NaN and infinities are written as JSON strings', async () => {
  const sb = sandbox();
  await runOk(
    `
import math, json
import mlops_workbench as mw
mw.log_metric("x", float("nan"))
mw.log_metric("x", float("inf"))
mw.log_metric("x", -math.inf)
mw.log_metrics({"y": float("nan"), "z": 2.5})
mw.log_param("p", float("nan"))
mw.flush()
# Python's strict parser must accept every line too.
for line in open(__import__("os").environ["MLOPS_EVENTS_FILE"]):
    json.loads(line, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
`,
    sb,
  );
  const values = readEvents(sb.events).map((e) => e.value);
  assert.deepEqual(values, ['NaN', 'Infinity', '-Infinity', 'NaN', 2.5, 'NaN']);
  const raw = fs.readFileSync(sb.events, 'utf8');
  assert.doesNotMatch(raw, /:\s*-?(NaN|Infinity)\b/, 'bare NaN/Infinity literal in output');
});

test('param and tag values: JSON scalars kept, anything else as str()', async () => {
  const sb = sandbox();
  await runOk(
    `
import mlops_workbench as mw
mw.log_params({"s": "adam", "i": 3, "f": 0.5, "b": True, "n": None, "l": [1, 2], "d": {"a": 1}, "t": (1, "x")})
mw.set_tag("owner", "ana")
mw.set_tag("n", 4)
mw.set_tag("o", object.__new__(type("Thing", (), {"__str__": lambda self: "thing!"})))
`,
    sb,
  );
  assert.deepEqual(readEvents(sb.events), [
    { type: 'param', key: 's', value: 'adam' },
    { type: 'param', key: 'i', value: 3 },
    { type: 'param', key: 'f', value: 0.5 },
    { type: 'param', key: 'b', value: true },
    { type: 'param', key: 'n', value: null },
    { type: 'param', key: 'l', value: '[1, 2]' },
    { type: 'param', key: 'd', value: "{'a': 1}" },
    { type: 'param', key: 't', value: "(1, 'x')" },
    { type: 'tag', key: 'owner', value: 'ana' },
    { type: 'tag', key: 'n', value: 4 },
    { type: 'tag', key: 'o', value: 'thing!' },
  ]);
});

test('numpy scalars are accepted as metric values and numpy bools are rejected', { skip: !hasNumpy && 'numpy not installed' }, async () => {
  const sb = sandbox();
  const r = await runOk(
    `
import numpy as np
import mlops_workbench as mw
mw.log_metric("f32", np.float32(0.5))
mw.log_metric("f64", np.float64(0.25))
mw.log_metric("i64", np.int64(7), step=np.int64(4))
mw.log_metric("nan", np.float32("nan"))
mw.log_param("p", np.int64(5))
try:
    mw.log_metric("b", np.bool_(True))
except TypeError as e:
    print("TypeError", e)
`,
    sb,
  );
  assert.match(r.stdout, /^TypeError mlops_workbench: metric 'b' must be a real number/);
  assert.deepEqual(
    readEvents(sb.events).map((e) => [e.key, e.value, e.step]),
    [
      ['f32', 0.5, 0],
      ['f64', 0.25, 0],
      ['i64', 7, 4],
      ['nan', 'NaN', 0],
      ['p', 5, undefined],
    ],
  );
});

test('bad keys and values raise TypeError/ValueError with a clear message and log nothing', async () => {
  const sb = sandbox();
  const r = await runOk(
    `
import json
import mlops_workbench as mw
cases = [
    ("empty key", lambda: mw.log_metric("", 1)),
    ("int key", lambda: mw.log_metric(3, 1)),
    ("None key", lambda: mw.log_param(None, 1)),
    ("empty tag key", lambda: mw.set_tag("", "v")),
    ("bool value", lambda: mw.log_metric("m", True)),
    ("str value", lambda: mw.log_metric("m", "0.5")),
    ("None value", lambda: mw.log_metric("m", None)),
    ("complex value", lambda: mw.log_metric("m", 1j)),
    ("list value", lambda: mw.log_metric("m", [1.0])),
    ("float step", lambda: mw.log_metric("m", 1.0, step=2.0)),
    ("bool step", lambda: mw.log_metric("m", 1.0, step=True)),
    ("str timestamp", lambda: mw.log_metric("m", 1.0, timestamp="now")),
    ("batch with a bad entry", lambda: mw.log_metrics({"ok": 1.0, "bad": "x"})),
    ("batch with a bad key", lambda: mw.log_params({"ok": 1, "": 2})),
    ("metrics not a dict", lambda: mw.log_metrics([("a", 1)])),
    ("artifact None", lambda: mw.log_artifact(None)),
]
out = []
for name, fn in cases:
    try:
        fn()
        out.append([name, None, ""])
    except (TypeError, ValueError) as e:
        out.append([name, type(e).__name__, str(e)])
mw.log_metric("m", 1.0)  # the failed calls must not have advanced the step counter
print(json.dumps(out))
`,
    sb,
  );
  const results = JSON.parse(r.stdout) as [string, string | null, string][];
  const expected: Record<string, [string, RegExp]> = {
    'empty key': ['ValueError', /metric key must be a non-empty string/],
    'int key': ['TypeError', /metric key must be a str, got int/],
    'None key': ['TypeError', /param key must be a str, got NoneType/],
    'empty tag key': ['ValueError', /tag key must be a non-empty string/],
    'bool value': ['TypeError', /metric 'm' must be a real number, got bool/],
    'str value': ['TypeError', /metric 'm' must be a real number, got str/],
    'None value': ['TypeError', /metric 'm' must be a real number, got NoneType/],
    'complex value': ['TypeError', /metric 'm' must be a real number, got complex/],
    'list value': ['TypeError', /metric 'm' must be a real number, got list/],
    'float step': ['TypeError', /step must be an int, got float/],
    'bool step': ['TypeError', /step must be an int, got bool/],
    'str timestamp': ['TypeError', /timestamp must be a number of milliseconds/],
    'batch with a bad entry': ['TypeError', /metric 'bad' must be a real number/],
    'batch with a bad key': ['ValueError', /param key must be a non-empty string/],
    'metrics not a dict': ['TypeError', /log_metrics expects a dict, got list/],
    'artifact None': ['TypeError', /artifact path must be a str or os.PathLike/],
  };
  assert.equal(results.length, Object.keys(expected).length);
  for (const [name, type, message] of results) {
    const [wantType, wantMessage] = expected[name];
    assert.equal(type, wantType, `${name}: expected ${wantType}, got ${String(type)}`);
    assert.match(message, /^mlops_workbench: /, `${name}: message should name the module`);
    assert.match(message, wantMessage, `${name}: unclear message ${JSON.stringify(message)}`);
  }
  assert.deepEqual(readEvents(sb.events), [
    { type: 'metric', key: 'm', value: 1, step: 0, timestamp: readEvents(sb.events)[0].timestamp },
  ]);
});

test('buffered lines are flushed at interpreter exit, also after an uncaught exception', async () => {
  const sb = sandbox();
  await runOk('import mlops_workbench as mw\nfor i in range(100):\n    mw.log_metric("m", i)', sb);
  assert.deepEqual(
    readEvents(sb.events).map((e) => e.step),
    Array.from({ length: 100 }, (_, i) => i),
  );

  const sb2 = sandbox();
  const r = await runPython('import mlops_workbench as mw\nmw.log_metric("m", 1)\nraise RuntimeError("boom")', sb2);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /RuntimeError: boom/);
  assert.equal(readEvents(sb2.events).length, 1);
});

test('buffered lines reach the file from a timer of at most a second while the process is still running', async () => {
  const sb = sandbox();
  // The child logs, announces it on stdout with the helper's flush period, then blocks until we close its stdin.
  const child = spawn(
    PYTHON,
    ['-c', 'import sys, mlops_workbench as mw\nmw.log_metric("alive", 1)\nprint("logged", mw._FLUSH_INTERVAL_S, flush=True)\nsys.stdin.read()'],
    { cwd: sb.dir, env: childEnv(sb), stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const announced = await new Promise<string>((resolve, reject) => {
      // The announcement may arrive in pieces: wait for its whole line.
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const line = /^logged .*\n/m.exec(out);
        if (line) resolve(line[0]);
      });
      child.on('error', reject);
      child.on('close', () => reject(new Error(`child exited before logging: ${stderr}`)));
    });
    const period = Number(/logged (\S+)/.exec(announced)?.[1]);
    assert.ok(period > 0 && period <= 1, `the flush timer's period is ${period} s`);
    // The line's arrival is the signal; the deadline only stops a test whose timer never fires.
    const deadline = Date.now() + 30_000;
    let events: Record<string, unknown>[] = [];
    while (!events.length && Date.now() < deadline) {
      if (fs.existsSync(sb.events)) events = readEvents(sb.events);
      if (!events.length) await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(events.length, 1, 'no line written while the process ran');
    assert.equal(events[0].key, 'alive');
    assert.equal(child.exitCode, null, 'the line must come from the timer, not from exit');
  } finally {
    child.stdin.end();
  }
  assert.equal(await exited, 0, stderr);
  assert.equal(readEvents(sb.events).length, 1, 'the exit flush must not write the line again');
});

test('4 concurrent writers x 5000 lines never produce malformed or interleaved lines', async () => {
  const sb = sandbox();
  const N = 5000;
  // Different flush cadences give a mix of tiny and large (>64 KiB) appends,
  // racing each other and the timer threads.
  const cadences = [1, 37, 1000, 0];
  const results = await Promise.all(
    cadences.map((every, w) =>
      runPython(
        `
import mlops_workbench as mw
pad = "p" * (${w} * 40)
for i in range(${N}):
    mw.log_metric("writer${w}/" + pad, i + 0.5)
    if ${every} and (i + 1) % ${every} == 0:
        mw.flush()
`,
        sb,
      ),
    ),
  );
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const events = readEvents(sb.events); // asserts every line is complete, strict JSON
  assert.equal(events.length, 4 * N);
  const perWriter = new Map<string, number[]>();
  for (const e of events) {
    assert.deepEqual(Object.keys(e), ['type', 'key', 'value', 'step', 'timestamp']);
    assert.equal(e.type, 'metric');
    const steps = perWriter.get(e.key as string) ?? [];
    steps.push(e.step as number);
    assert.equal(e.value, (e.step as number) + 0.5);
    perWriter.set(e.key as string, steps);
  }
  assert.equal(perWriter.size, 4);
  for (const [key, steps] of perWriter) {
    // Each writer's lines appear exactly once and in the order logged.
    assert.ok(steps.length === N && steps.every((s, i) => s === i), `${key}: steps out of order or missing`);
  }
});

test('logging from many threads is safe and steps stay unique', async () => {
  const sb = sandbox();
  await runOk(
    `
import threading
import mlops_workbench as mw
def work():
    for i in range(1000):
        mw.log_metric("shared", 1.0)
        if i % 100 == 0:
            mw.flush()
threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
`,
    sb,
  );
  const steps = readEvents(sb.events).map((e) => e.step as number);
  assert.equal(steps.length, 8000);
  assert.deepEqual(
    [...steps].sort((a, b) => a - b),
    Array.from({ length: 8000 }, (_, i) => i),
  );
});

test('a forked child does not write the parent buffer a second time', async () => {
  const sb = sandbox();
  await runOk(
    `
import os, sys
import mlops_workbench as mw
mw.log_metric("parent", 1)      # still buffered at fork time
pid = os.fork()
if pid == 0:
    mw.log_metric("child", 2)
    sys.exit(0)                 # runs atexit in the child
os.waitpid(pid, 0)
mw.log_metric("parent", 3)
`,
    sb,
  );
  const got = readEvents(sb.events)
    .map((e) => `${String(e.key)}=${String(e.value)}`)
    .sort();
  assert.deepEqual(got, ['child=2', 'parent=1', 'parent=3']);
});

test('multiprocessing fork workers have their lines written too', async () => {
  const sb = sandbox();
  await runOk(
    `
import multiprocessing as mp
import mlops_workbench as mw
def work(i):
    mw.log_metric("worker", i)
if __name__ == "__main__":
    mw.log_metric("main", 0)
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=work, args=(i,)) for i in range(3)]
    for p in procs: p.start()
    for p in procs: p.join()
`,
    sb,
  );
  const got = readEvents(sb.events)
    .map((e) => `${String(e.key)}=${String(e.value)}`)
    .sort();
  assert.deepEqual(got, ['main=0', 'worker=0', 'worker=1', 'worker=2']);
});

test('artifact paths: relative to the workspace when inside it, absolute otherwise; missing files warned once', async () => {
  const sb = sandbox();
  const sub = path.join(sb.dir, 'sub');
  fs.mkdirSync(sub);
  fs.writeFileSync(path.join(sub, 'a.txt'), 'a');
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-outside-'));
  fs.writeFileSync(path.join(outside, 'o.txt'), 'o');
  const r = await runOk(
    `
import pathlib
import mlops_workbench as mw
mw.log_artifact("a.txt")                      # cwd is <workspace>/sub
mw.log_artifact(pathlib.Path("../sub/a.txt"))
mw.log_artifact(${JSON.stringify(path.join(outside, 'o.txt'))})
mw.log_artifact("later.bin")                  # does not exist yet
mw.log_artifact("later.bin")
mw.log_artifact(".")
`,
    sb,
    { cwd: sub },
  );
  assert.deepEqual(readEvents(sb.events), [
    { type: 'artifact', path: 'sub/a.txt' },
    { type: 'artifact', path: 'sub/a.txt' },
    { type: 'artifact', path: path.join(outside, 'o.txt') },
    { type: 'artifact', path: 'sub/later.bin' },
    { type: 'artifact', path: 'sub/later.bin' },
    { type: 'artifact', path: 'sub' },
  ]);
  const warnings = r.stderr.split('\n').filter((l) => l.includes('does not exist'));
  assert.equal(warnings.length, 1, r.stderr);
  assert.match(warnings[0], /later\.bin/);
});

test('outside a run: one warning on stderr, every call a no-op, no file written', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-norun-'));
  const r = await runOk(
    `
import mlops_workbench as mw
for i in range(5):
    mw.log_metric("m", i)
    mw.log_metrics({"a": 1})
    mw.log_param("p", 1)
    mw.log_params({"q": 2})
    mw.set_tag("t", "v")
    mw.log_artifact("nothing.bin")
    mw.flush()
print(repr(mw.active_run_id()))
`,
    null,
    { cwd: dir, env: { MLOPS_RUN_ID: 'ignored-without-events-file' } },
  );
  assert.equal(r.stdout.trim(), 'None');
  assert.equal(r.stderr, OUTSIDE_WARNING + '\n');
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('an empty MLOPS_EVENTS_FILE counts as outside a run', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-norun-'));
  const r = await runOk('import mlops_workbench as mw\nmw.log_metric("m", 1)\nmw.log_metric("m", 2)', null, {
    cwd: dir,
    env: { MLOPS_EVENTS_FILE: '' },
  });
  assert.equal(r.stderr, OUTSIDE_WARNING + '\n');
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('the helper is standard library only and parses as Python 3.8', async () => {
  const r = await runOk(
    `
import ast, sys
src = open(${JSON.stringify(path.join(HELPER_DIR, 'mlops_workbench.py'))}).read()
tree = ast.parse(src, feature_version=(3, 8))
mods = set()
for node in ast.walk(tree):
    if isinstance(node, ast.Import):
        mods.update(a.name.split(".")[0] for a in node.names)
    elif isinstance(node, ast.ImportFrom):
        mods.add(node.module.split(".")[0])
def is_stdlib(name):
    if hasattr(sys, "stdlib_module_names"):  # Python 3.10+
        return name in sys.stdlib_module_names
    import importlib.util, sysconfig
    if name in sys.builtin_module_names:
        return True
    spec = importlib.util.find_spec(name)
    origin = (spec and spec.origin) or ""
    return origin in ("built-in", "frozen") or (origin.startswith(sysconfig.get_paths()["stdlib"]) and "site-packages" not in origin)
print(" ".join(sorted(m for m in mods if not is_stdlib(m))))
`,
    null,
  );
  assert.equal(r.stdout.trim(), '', `non-stdlib imports: ${r.stdout}`);
});

// The demo workspace is the helper's main real-world client; keep it honest too.
const DEMO_DIR = path.resolve(__dirname, '../../../examples/demo-workspace');

test('demo train.py logs params, per-epoch metrics and its model through the helper', async () => {
  const sb = sandbox();
  const r = await runOk(
    `import runpy, sys\nsys.argv = ["train.py", "--epochs", "3", "--out", "out/model.json"]\nrunpy.run_path(${JSON.stringify(path.join(DEMO_DIR, 'train.py'))}, run_name="__main__")`,
    sb,
  );
  assert.equal(r.stderr, '');
  assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('epoch ')).length, 3);
  const events = readEvents(sb.events);
  const params = Object.fromEntries(events.filter((e) => e.type === 'param').map((e) => [e.key, e.value]));
  assert.equal(params.lr, 0.05);
  assert.equal(params.epochs, 3);
  const metrics = events.filter((e) => e.type === 'metric');
  for (const key of ['train/loss', 'val/loss', 'val/acc', 'val/auc']) {
    assert.deepEqual(metrics.filter((e) => e.key === key).map((e) => e.step), [1, 2, 3], key);
  }
  const lastAuc = metrics.filter((e) => e.key === 'val/auc').at(-1)?.value as number;
  assert.ok(lastAuc > 0.7 && lastAuc < 1, `val/auc ${lastAuc}`);
  assert.deepEqual(events.at(-1), { type: 'artifact', path: 'out/model.json' });
  const model = JSON.parse(fs.readFileSync(path.join(sb.dir, 'out/model.json'), 'utf8')) as { metrics: Record<string, number> };
  assert.equal(model.metrics['val/auc'], lastAuc);
});

test('the demo data generator reproduces the committed CSVs byte for byte', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-gen-'));
  fs.copyFileSync(path.join(DEMO_DIR, 'data/generate.py'), path.join(dir, 'generate.py'));
  await runOk(`import runpy\nrunpy.run_path(${JSON.stringify(path.join(dir, 'generate.py'))}, run_name="__main__")`, null, { cwd: dir });
  for (const name of ['train.csv', 'test.csv', 'production_batch.csv']) {
    assert.ok(
      fs.readFileSync(path.join(dir, name)).equals(fs.readFileSync(path.join(DEMO_DIR, 'data', name))),
      `${name} differs from the committed file`,
    );
  }
});
