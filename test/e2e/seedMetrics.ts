// Seeds a workspace's store with runs and metrics through core, for the Metrics e2e test.
//   node --import tsx test/e2e/seedMetrics.ts DIR          three runs (one running, one with 200k points)
//   node --import tsx test/e2e/seedMetrics.ts DIR append   100 more steps for the running run (a live update)
//   node --import tsx test/e2e/seedMetrics.ts DIR many     47 more runs of 3000 steps (50 in all)
import { Store } from '../../src/core/store/store';
import { insertMetrics, type MetricPoint } from '../../src/core/tracking/metricRecords';
import { lastStep } from '../../src/core/tracking/metricSeries';
import { insertRun } from '../../src/core/tracking/runRecords';

const [dir, mode] = process.argv.slice(2);
const store = Store.open(dir);
const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const curve = (i: number, lr: number) => Math.exp(-i * lr / 300) + 0.04 * Math.sin(i * 12.9898) + 0.05;

function metrics(runId: string, from: number, to: number, lr: number, msPerStep: number): void {
  store.transaction(() => {
    const pts: MetricPoint[] = [];
    for (let i = from; i < to; i++) {
      const ts = T0 + i * msPerStep;
      pts.push({ key: 'train/loss', step: i, value: i === Math.floor(to * 0.6) && lr === 0.1 ? 3 : curve(i, lr), timestamp: ts });
      if (i % 10 === 0) pts.push({ key: 'val/auc', step: i, value: i >= 400 && i < 420 ? NaN : 0.95 - 0.4 * curve(i, lr), timestamp: ts });
      if (pts.length >= 20_000) insertMetrics(store, runId, pts.splice(0));
    }
    insertMetrics(store, runId, pts);
  });
}

if (mode === 'append') {
  const from = (lastStep(store, 'e2e-run-0002', 'train/loss') ?? -1) + 1;
  metrics('e2e-run-0002', from, from + 100, 0.03, 2000);
} else if (mode === 'many') {
  for (let r = 4; r <= 50; r++) {
    const id = `e2e-run-${String(r).padStart(4, '0')}`;
    const lr = 0.01 + r * 0.002;
    // Older than the first three, so the quick pick lists those first.
    insertRun(store, { id, name: `sweep lr=${lr.toFixed(3)}`, experiment: 'sweep', status: 'finished', command: 'python3 train.py', cwd: dir, params: { lr }, createdAt: T0 - r * 60_000, startedAt: T0 - r * 60_000 });
    metrics(id, 0, 3000, lr, 1000);
  }
} else {
  const runs = [
    { id: 'e2e-run-0001', name: 'train lr=0.1', status: 'finished' as const, steps: 2000, lr: 0.1, ms: 1500 },
    { id: 'e2e-run-0002', name: 'train lr=0.03', status: 'running' as const, steps: 1200, lr: 0.03, ms: 2000 },
    { id: 'e2e-run-0003', name: 'train lr=0.01 long', status: 'finished' as const, steps: 200_000, lr: 0.0005, ms: 20 },
  ];
  for (const r of runs) {
    insertRun(store, { id: r.id, name: r.name, experiment: 'train', status: r.status, command: 'python3 train.py', cwd: dir, params: { lr: r.lr }, createdAt: T0, startedAt: T0 });
    metrics(r.id, 0, r.steps, r.lr, r.ms);
  }
}
store.close();
