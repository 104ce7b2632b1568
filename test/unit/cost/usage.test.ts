import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { UsageMeter } from '../../../src/core/cost/usage';
import { tempWorkspace } from '../tempWorkspace';
import { fakeNvidiaSmi } from './fakeNvidiaSmi';

const linux = process.platform === 'linux';

// Burns 1 s of CPU itself while a child it starts burns 1 s too (CPU time, not wall time: the machine may be busy), waits for the child (so the child's
// time moves into its cutime), prints both as measured from inside, then idles: the meter's last
// interval before the root ends is then idle.
const WORKLOAD = `
const { spawn } = require('node:child_process');
const used = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const burn = (s) => { while (used() < s); };
const child = spawn(process.execPath, ['-e', "const u=()=>{const c=process.cpuUsage();return (c.user+c.system)/1e6};while(u()<1);console.log(u())"], { stdio: ['ignore', 'pipe', 'inherit'] });
let childSeconds = '';
child.stdout.on('data', (d) => (childSeconds += d));
burn(1);
child.on('close', () => {
  console.log(JSON.stringify({ own: used(), child: Number(childSeconds) }));
  setTimeout(() => {}, 600);
});
`;

test('CPU seconds over the tree: the root and a child it waits for, each counted once', { skip: !linux }, async () => {
  const dir = tempWorkspace();
  const script = path.join(dir, 'workload.js');
  fs.writeFileSync(script, WORKLOAD);
  const root = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const meter = new UsageMeter(root.pid!, { intervalMs: 100, searchPath: dir });
  let out = '';
  root.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await once(root, 'close');
  const usage = meter.stop();
  const inside = JSON.parse(out) as { own: number; child: number };
  const expected = inside.own + inside.child;
  assert.ok(inside.child >= 1 && inside.own >= 1, out);
  assert.ok(Math.abs(usage.cpuSeconds - expected) < 0.3, `meter ${usage.cpuSeconds}s, measured inside ${expected}s`);
  assert.equal(usage.gpuSeconds, undefined, 'no nvidia-smi: GPU time unknown');
});

test('live usage grows while the run burns CPU', { skip: !linux }, async () => {
  const root = spawn(process.execPath, ['-e', 'const u=()=>{const c=process.cpuUsage();return (c.user+c.system)/1e6};while(u()<0.6);'], { stdio: 'ignore' });
  const meter = new UsageMeter(root.pid!, { intervalMs: 50, searchPath: tempWorkspace() });
  // Positive signal: poll until the live figure moves (or the run ends, which fails the test).
  let ended = false;
  root.once('close', () => (ended = true));
  while (!ended && meter.usage().cpuSeconds < 0.2) await new Promise((r) => setTimeout(r, 20));
  assert.ok(meter.usage().cpuSeconds >= 0.2, `live usage ${meter.usage().cpuSeconds}`);
  if (!ended) await once(root, 'close');
  meter.stop();
});

test('GPU seconds and utilisation from nvidia-smi: distinct GPUs the tree is on, times the time', { skip: !linux }, async () => {
  const dir = tempWorkspace();
  const pidFile = path.join(dir, 'pid');
  // The metered process is on two GPUs, another process on a third.
  fakeNvidiaSmi(dir, pidFile, ['GPU-aaa', 'GPU-bbb'], { 'GPU-aaa': '80', 'GPU-bbb': '40', 'GPU-ccc': '[N/A]' }, 'GPU-ccc');
  const root = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1500)'], { stdio: 'ignore' });
  fs.writeFileSync(pidFile, String(root.pid));
  const startedAt = Date.now();
  const meter = new UsageMeter(root.pid!, { intervalMs: 100, searchPath: `${dir}${path.delimiter}${process.env.PATH}` });
  while (meter.currentGpuUtil() === undefined) await new Promise((r) => setTimeout(r, 20));
  assert.equal(meter.currentGpuUtil(), 60);
  await once(root, 'close');
  const wall = (Date.now() - startedAt) / 1000;
  const usage = meter.stop();
  assert.ok(Math.abs(usage.gpuUtil! - 60) < 1e-9, `util ${usage.gpuUtil}`);
  // At most 2 GPUs the whole time; at least 2 GPUs for 1 s of the 1.5 s the process surely lived (a busy machine delays samples).
  assert.ok(usage.gpuSeconds! > 2 && usage.gpuSeconds! <= 2 * wall, `GPU ${usage.gpuSeconds}s over ${wall}s on 2 GPUs`);
});
