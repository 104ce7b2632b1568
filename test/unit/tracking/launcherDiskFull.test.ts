// The launcher when the disk fills under a running command: output.log's ENOSPC ends the run's
// process tree deliberately and records the run failed with the reason (once space is free again),
// instead of an unhandled stream error that kills the launcher and orphans the command.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyConfig } from '../../../src/core/config/types';
import { isDiskFull } from '../../../src/core/store/diskFull';
import { Store } from '../../../src/core/store/store';
import { launchRun } from '../../../src/core/tracking/launcher';
import { isAlive } from '../../../src/core/tracking/processTree';
import { getRun } from '../../../src/core/tracking/runRecords';
import { mountSmallDisk } from '../smallDisk';

const sdkDir = path.resolve(__dirname, '../../../src/sdk/python');

// Fills the disk it runs on, says so, then prints without end: only the launcher can stop it.
const trainer = `import sys, time
with open(sys.argv[1], "ab") as f:
    try:
        while True:
            f.write(b"\\0" * 65536)
            f.flush()
    except OSError:
        pass
print("filled", flush=True)
while True:
    print("epoch output " * 40, flush=True)
    time.sleep(0.01)
`;

test('a full disk under a run: the command is ended, the run failed with "disk full while writing output.log"', async (t) => {
  const disk = mountSmallDisk(8);
  if (typeof disk === 'string') return t.skip(disk);
  const root = disk.dir;
  const store = Store.open(root);
  try {
    fs.writeFileSync(path.join(root, 'train.py'), trainer);
    const filler = path.join(root, 'filler');
    let output = '';
    const h = launchRun({
      workspaceRoot: root,
      store,
      config: emptyConfig(),
      command: `python3 train.py ${filler}`,
      experiment: 'disk',
      params: {},
      sdkDir,
      killGraceMs: 2000,
      onOutput: (data) => {
        output += data.toString();
        // The launcher's own line is the signal that output.log failed: space returns now.
        if (output.includes('[mlops] disk full while writing output.log') && fs.existsSync(filler)) fs.rmSync(filler);
      },
    });
    const outcome = await h.done;
    assert.match(output, /\[mlops\] disk full while writing output\.log: the run is stopped and recorded as failed/);
    assert.equal(outcome.status, 'failed');
    const run = getRun(store, h.runId)!;
    assert.equal(run.status, 'failed');
    assert.match(run.note, /^disk full while writing output\.log$/);
    assert.equal(run.launcherPid, undefined);
    assert.ok(run.endedAt);
    assert.ok(h.pid && !isAlive(h.pid), 'the command was ended, not left orphaned');
    assert.equal(store.db.prepare('PRAGMA integrity_check').get<{ integrity_check: string }>()?.integrity_check, 'ok');
  } finally {
    store.close();
    disk.unmount();
  }
});

test('a run whose end cannot be recorded waits for space, and Stop gives up on it with the disk-full error', { timeout: 120_000 }, async (t) => {
  const disk = mountSmallDisk(8);
  if (typeof disk === 'string') return t.skip(disk);
  const root = disk.dir;
  const store = Store.open(root);
  try {
    fs.writeFileSync(path.join(root, 'train.py'), trainer);
    const filler = path.join(root, 'filler');
    let output = '';
    const h = launchRun({
      workspaceRoot: root,
      store,
      config: emptyConfig(),
      command: `python3 train.py ${filler}`,
      experiment: 'disk',
      params: {},
      sdkDir,
      killGraceMs: 2000,
      // The disk stays full: the launcher's wait for space is the signal to Stop.
      onOutput: (data) => {
        output += data.toString();
        if (output.includes("the run's end is recorded once some space is free")) h.stop();
      },
    });
    await assert.rejects(h.done, (err: Error) => isDiskFull(err));
    assert.ok(h.pid && !isAlive(h.pid), 'the command was ended');
    fs.rmSync(filler);
    assert.equal(getRun(store, h.runId)?.status, 'running', 'left for reconcileRuns to mark lost once this launcher is gone');
    assert.equal(store.db.prepare('PRAGMA integrity_check').get<{ integrity_check: string }>()?.integrity_check, 'ok');
  } finally {
    store.close();
    disk.unmount();
  }
});
