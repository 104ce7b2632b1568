import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyConfig } from '../../../src/core/config/types';
import { Store } from '../../../src/core/store/store';
import { launchRun, type LaunchSpec } from '../../../src/core/tracking/launcher';
import { metricHistory } from '../../../src/core/tracking/metricRecords';
import { getRun } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';
import { fakeNvidiaSmi } from './fakeNvidiaSmi';

const sdkDir = path.resolve(__dirname, '../../../src/sdk/python');
const linux = process.platform === 'linux';

function spec(over: Partial<LaunchSpec>): LaunchSpec {
  const root = tempWorkspace();
  return { workspaceRoot: root, store: Store.open(root), config: emptyConfig(), command: 'true', experiment: 'test', params: {}, sdkDir, ...over };
}

// Burns 1 s of CPU (CPU time: the machine may be busy), prints it, then idles past the meter's
// one-second interval so the interval lost when the process ends holds no CPU.
const BURN = `node -e "const u=()=>{const c=process.cpuUsage();return (c.user+c.system)/1e6};while(u()<1);console.log(u());setTimeout(()=>{},1300)"`;

test('a finished run records the CPU time it used and, with prices, its cost', { skip: !linux }, async () => {
  const s = spec({ command: BURN, prices: { cpuHour: 3.6, currency: 'EUR' } });
  const h = launchRun(s);
  const outcome = await h.done;
  assert.equal(outcome.status, 'finished');
  const inside = Number(fs.readFileSync(path.join(h.folder, 'output.log'), 'utf8').trim());
  const run = getRun(s.store, h.runId)!;
  assert.ok(Math.abs(run.cpuSeconds! - inside) < 0.3, `recorded ${run.cpuSeconds}s, measured inside ${inside}s`);
  assert.equal(run.cost, (run.cpuSeconds! / 3600) * 3.6);
  assert.equal(run.currency, 'EUR');
  assert.equal(run.gpuSeconds, undefined);
  assert.deepEqual(h.usage(), { cpuSeconds: run.cpuSeconds });
});

test('without prices a run records its time but no cost', { skip: !linux }, async () => {
  const s = spec({ command: 'true' });
  const h = launchRun(s);
  await h.done;
  const run = getRun(s.store, h.runId)!;
  assert.equal(typeof run.cpuSeconds, 'number');
  assert.equal(run.cost, undefined);
  assert.equal(run.currency, undefined);
});

test('on a GPU (nvidia-smi on PATH) the run records GPU time, utilisation and system/gpu_util', { skip: !linux }, async (t) => {
  const bin = tempWorkspace();
  const pidFile = path.join(bin, 'pid');
  fakeNvidiaSmi(bin, pidFile, ['GPU-aaa'], { 'GPU-aaa': '75' });
  const oldPath = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${oldPath}`;
  t.after(() => (process.env.PATH = oldPath));
  // The shell writes its own pid (the tree's root) for the stand-in to report on the GPU.
  const s = spec({ command: `echo $$ > '${pidFile}'; sleep 2.5`, systemMetricsMs: 300, prices: { gpuHour: 36 } });
  const h = launchRun(s);
  await h.done;
  const run = getRun(s.store, h.runId)!;
  assert.ok(run.gpuSeconds! > 1.2 && run.gpuSeconds! < 3, `GPU ${run.gpuSeconds}s`);
  assert.ok(Math.abs(run.gpuUtil! - 75) < 1e-9, `util ${run.gpuUtil}`);
  assert.ok(Math.abs(run.cost! - ((run.cpuSeconds! / 3600) * 0 + (run.gpuSeconds! / 3600) * 36)) < 1e-12);
  assert.ok(metricHistory(s.store, h.runId, 'system/gpu_util').some((p) => p.value === 75));
});
