// Serving a 1M-point metric series to a chart: downsampled to 2k points in core against the raw
// ordered SELECT a naive panel would run and ship (goal: at least 4x faster).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Store } from '../src/core/store/store';
import { metricSeries } from '../src/core/tracking/metricSeries';
import { figure, medianMs, type Figure } from './harness';

export function benchMetricSeries(points = 1_000_000): Figure[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-series-'));
  const store = Store.open(root);
  try {
    store.db.exec(`INSERT INTO runs (id, name, experiment, status, command, cwd, created_at) VALUES ('run-1', 'bench', 'bench', 'finished', 'x', '.', 0)`);
    const insert = store.db.prepare('INSERT INTO metrics (run_id, key, step, value, timestamp) VALUES (?, ?, ?, ?, ?)');
    // A second key in the same run, so the series is read out of a mixed table as in real life.
    for (const key of ['train/loss', 'val/auc']) {
      store.transaction(() => {
        for (let i = 0; i < points; i++) insert.run('run-1', key, i, Math.exp(-i / 200_000) + 0.05 * Math.sin(i * 12.9898), 1_764_241_200_000 + i * 10);
      });
    }
    const raw = store.db.prepare('SELECT step, value, timestamp FROM metrics WHERE run_id = ? AND key = ? ORDER BY step');
    const baseline = medianMs(() => void raw.all('run-1', 'train/loss'), 5);
    const served = medianMs(() => void metricSeries(store, 'run-1', 'train/loss', { target: 2000, xAxis: 'step' }), 5);
    return [
      figure({
        name: `metric series served downsampled (${points.toLocaleString('en-US')} points -> 2k)`,
        unit: 'ms',
        value: served,
        baselineName: 'raw ordered SELECT of every point',
        baseline,
        goal: '<= 0.25x (4x faster)',
      }),
    ];
  } finally {
    store.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
