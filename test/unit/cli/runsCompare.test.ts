// `mlops runs compare` and the Compare panel read one comparison: the built CLI and core's
// compareAsConfigured, on the same store and mlops.json, must give the same rows, values and best runs.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { Store } from '../../../src/core/store/store';
import { compareAsConfigured } from '../../../src/core/tracking/configuredComparison';
import { insertMetrics } from '../../../src/core/tracking/metricRecords';
import { runDetails } from '../../../src/core/tracking/runDetails';
import { insertRun } from '../../../src/core/tracking/runRecords';
import { formatCompareValue } from '../../../src/shared/format';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

const ids = ['01cmpa0000aa', '01cmpb0000bb', '01cmpc0000cc'];

/**
 * Three finished runs of "train": `score` would be maximized by its name, but mlops.json's model says
 * minimize; `val/loss` is minimized by its name; one run logged NaN and one lacks a param.
 */
function seeded(): string {
  const root = tempWorkspace();
  fs.writeFileSync(
    path.join(root, 'mlops.json'),
    JSON.stringify({
      runs: { train: { command: 'python3 train.py', primaryMetric: 'val/acc' } },
      models: { ranker: { metric: 'score', direction: 'minimize' } },
    }),
  );
  const store = Store.open(root);
  const base = { experiment: 'train', status: 'finished' as const, command: 'python3 train.py', cwd: '.', startedAt: 1_764_241_200_000, endedAt: 1_764_241_260_000, exitCode: 0 };
  const params = [{ lr: 0.1, optimizer: 'sgd', depth: 3 }, { lr: 0.01, optimizer: 'adam', depth: 3 }, { lr: 0.001, depth: 3, layers: [64, 32] }];
  const metrics = [
    { 'val/acc': 0.81, 'val/loss': 0.42, score: 12.5 },
    { 'val/acc': 0.87654321, 'val/loss': 0.31, score: 9.25 },
    { 'val/acc': 0.87654321, 'val/loss': NaN, score: 20 },
  ];
  ids.forEach((id, i) => {
    insertRun(store, { ...base, id, name: `run-${'abc'[i]}`, params: params[i], createdAt: base.startedAt + i });
    insertMetrics(store, id, Object.entries(metrics[i]).map(([key, value]) => ({ key, step: 0, value, timestamp: base.startedAt })));
  });
  store.close();
  return root;
}

test('runs compare --json is the Compare panel\'s data for the same runs and mlops.json', () => {
  const root = seeded();
  const r = mlops(['runs', 'compare', ...ids, '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const store = Store.open(root);
  const expected = compareAsConfigured(ids.map((id) => runDetails(store, id)!), loadConfig(root).config);
  store.close();
  assert.deepEqual(JSON.parse(r.stdout), JSON.parse(JSON.stringify(expected)));
  // The config's choices show in both: its primary metric, and `score` minimized against its name.
  assert.equal(expected.primaryMetric, 'val/acc');
  assert.deepEqual(expected.best.score, { direction: 'minimize', value: 9.25, runIds: [ids[1]] });
  assert.deepEqual(expected.best['val/acc'].runIds, [ids[1], ids[2]], 'a tie marks every run holding the best value');
  assert.deepEqual(expected.best['val/loss'].runIds, [ids[1]], 'NaN is never best');
});

test('runs compare as a table shows the panel\'s values and marks exactly its best runs and differing params', () => {
  const root = seeded();
  const r = mlops(['runs', 'compare', ...ids], root);
  assert.equal(r.code, 0, r.stderr);
  const store = Store.open(root);
  const data = compareAsConfigured(ids.map((id) => runDetails(store, id)!), loadConfig(root).config);
  store.close();

  // Columns sit at the header's offsets: cell i of a line runs from one run's column to the next.
  const lines = r.stdout.split('\n');
  const header = lines[0];
  const starts = data.rows.map((row) => header.indexOf(`${row.name} (${row.id.slice(0, 8)})`));
  assert.ok(starts.every((s) => s > 0), header);
  const cells = (line: string) => starts.map((s, i) => line.slice(s, starts[i + 1]).trim());
  const lineOf = (label: string) => {
    const line = lines.find((l) => l.slice(0, starts[0]).trim().replace(/^\* /, '').replace(/ \(last.*\)$/, '') === label);
    assert.ok(line, `a line for ${label} in:\n${r.stdout}`);
    return line;
  };

  for (const k of data.paramKeys) {
    const line = lineOf(k);
    assert.equal(line.startsWith('* '), data.differingParams.includes(k), `${k} marked as differing`);
    assert.deepEqual(cells(line), data.rows.map((row) => formatCompareValue(Object.hasOwn(row.params, k) ? row.params[k] : undefined)));
  }
  for (const k of data.metricKeys) {
    const line = lineOf(k);
    const best = data.best[k];
    assert.deepEqual(
      cells(line),
      data.rows.map((row) => formatCompareValue(row.metrics[k]?.last) + (best?.runIds.includes(row.id) ? ' (best)' : '')),
      `${k}: values and best markers`,
    );
    assert.match(line, new RegExp(`\\(last, ${best.direction === 'maximize' ? 'higher' : 'lower'} is better\\)`));
  }
  assert.deepEqual(data.differingParams, ['layers', 'lr', 'optimizer']);
  assert.match(r.stdout, /primary metric: val\/acc/);
});
