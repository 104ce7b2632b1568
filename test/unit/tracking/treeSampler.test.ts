// System metrics of a run's process tree: a process that has exited and waits to be reaped (a
// zombie) holds no memory, so a tree of only that is no sample at all, never a 0 MB one.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { TreeSampler } from '../../../src/core/tracking/processTree';

const state = (pid: number) => {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
};

test('a tree whose processes have all exited (zombies not yet reaped) gives no sample; a live one does', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  // sh starts a short sleep in the background, prints its pid, then becomes a long sleep that never
  // waits for it: the short one stays a zombie until the long one ends.
  const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const zombie = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    const deadline = Date.now() + 10_000;
    while (state(zombie) !== 'Z') {
      assert.ok(Date.now() < deadline, `process ${zombie} never became a zombie (state ${state(zombie)})`);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(new TreeSampler(zombie).sample(), undefined);
    // The parent is alive: its tree (itself and the zombie) is sampled, with its memory.
    const live = new TreeSampler(parent.pid!).sample();
    assert.ok(live && live.rssMb > 0, JSON.stringify(live));
  } finally {
    parent.kill('SIGKILL');
  }
});
