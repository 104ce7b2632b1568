// The Python helper on a real full file system: every logged event reaches events.jsonl exactly
// once after space returns (a flush cut short by the full disk is completed, never rewritten), and
// what cannot be written by exit is reported with its count.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mountSmallDisk } from '../smallDisk';

const HELPER_DIR = path.resolve(__dirname, '../../../src/sdk/python');
const PYTHON = process.env.MLOPS_TEST_PYTHON ?? 'python3';
const PER_PHASE = 20_000;

// Logs PER_PHASE points, fills the disk but for a few KB, logs PER_PHASE more and flushes (a short
// write, then ENOSPC), says "full" and waits for the test's "go" before exiting (atexit flushes).
const script = `
import os, sys, time
import mlops_workbench as mw
filler, go = sys.argv[1], sys.argv[2]
for i in range(${PER_PHASE}):
    mw.log_metric("loss", i * 0.001, step=i)
mw.flush()
with open(filler, "ab") as f:
    try:
        while True:
            f.write(b"\\0" * 65536)
            f.flush()
    except OSError:
        pass
os.truncate(filler, max(0, os.path.getsize(filler) - 12000))
for i in range(${PER_PHASE}, ${2 * PER_PHASE}):
    mw.log_metric("loss", i * 0.001, step=i)
mw.flush()
mw.flush()
print("full", flush=True)
while not os.path.exists(go):
    time.sleep(0.05)
`;

function runHelper(events: string, filler: string, go: string, onFull: () => void): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: HELPER_DIR, PYTHONDONTWRITEBYTECODE: '1', MLOPS_RUN_ID: 'run-disk', MLOPS_EVENTS_FILE: events, MLOPS_WORKSPACE: path.dirname(events) };
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', script, filler, go], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.includes('full\n')) onFull();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** The steps of the complete lines, as the ingester reads them; throws on a malformed line. */
function loggedSteps(events: string): number[] {
  const text = fs.readFileSync(events, 'utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter(Boolean)
    .map((line, i) => {
      const e = JSON.parse(line) as { step: number };
      assert.equal(typeof e.step, 'number', `line ${i + 1}: ${line}`);
      return e.step;
    });
}

test('on a full disk every event is written exactly once after space returns', async (t) => {
  const disk = mountSmallDisk(4);
  if (typeof disk === 'string') return t.skip(disk);
  const goDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-disk-go-'));
  try {
    const events = path.join(disk.dir, 'events.jsonl');
    const filler = path.join(disk.dir, 'filler');
    const go = path.join(goDir, 'go');
    const r = await runHelper(events, filler, go, () => {
      fs.rmSync(filler);
      fs.writeFileSync(go, '');
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /cannot write .*events\.jsonl .*No space left on device.*will keep retrying/);
    assert.doesNotMatch(r.stderr, /could not be written/);
    assert.ok(fs.readFileSync(events, 'utf8').endsWith('\n'));
    const steps = loggedSteps(events);
    assert.equal(steps.length, 2 * PER_PHASE, 'each event once: none doubled, none lost');
    assert.deepEqual(steps, Array.from({ length: 2 * PER_PHASE }, (_, i) => i));
  } finally {
    disk.unmount();
    fs.rmSync(goDir, { recursive: true, force: true });
  }
});

test('events still unwritten at exit are counted on stderr, and the rest are each on disk once', async (t) => {
  const disk = mountSmallDisk(4);
  if (typeof disk === 'string') return t.skip(disk);
  const goDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-disk-go-'));
  try {
    const events = path.join(disk.dir, 'events.jsonl');
    const go = path.join(goDir, 'go');
    // The disk stays full until the helper has exited.
    const r = await runHelper(events, path.join(disk.dir, 'filler'), go, () => fs.writeFileSync(go, ''));
    assert.equal(r.code, 0, r.stderr);
    const lost = Number(/(\d+) logged event\(s\) could not be written to .*events\.jsonl/.exec(r.stderr)?.[1]);
    assert.ok(lost > 0 && lost < PER_PHASE, r.stderr);
    const steps = loggedSteps(events);
    assert.equal(steps.length + lost, 2 * PER_PHASE, 'on disk + reported = logged');
    assert.deepEqual(steps, Array.from({ length: steps.length }, (_, i) => i));
  } finally {
    disk.unmount();
    fs.rmSync(goDir, { recursive: true, force: true });
  }
});
