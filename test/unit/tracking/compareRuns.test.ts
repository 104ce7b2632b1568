import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { compareKeys, compareTable, metricDirection, orderMetricKeys, runDocument } from '../../../src/core/tracking/compareRuns';
import { insertMetrics } from '../../../src/core/tracking/metricRecords';
import { runDetails, type RunDetails } from '../../../src/core/tracking/runDetails';
import { addArtifact, insertRun, setInputs, setTags } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

/** Three runs in a real store: a and b differ in lr, optimizer, inputs, metrics; c lacks a param. */
function seed(): { store: Store; a: RunDetails; b: RunDetails; c: RunDetails } {
  const store = Store.open(tempWorkspace());
  const base = { experiment: 'train', status: 'finished' as const, command: 'python3 train.py', cwd: '.', createdAt: 1_764_241_200_000 };
  insertRun(store, {
    ...base,
    id: 'run-a',
    name: 'brave-otter',
    params: { lr: 0.1, epochs: 30, optimizer: 'sgd' },
    startedAt: 1_764_241_200_000,
    endedAt: 1_764_241_230_000,
    exitCode: 0,
    git: { commit: 'c0ffee', branch: 'main', dirty: false },
    environment: { python: '3.11.2', os: 'linux', node: '20.20.2' },
    note: 'baseline\nsecond line',
  });
  insertRun(store, {
    ...base,
    id: 'run-b',
    name: 'calm-heron',
    params: { lr: 0.01, epochs: 30, optimizer: 'adam', extra: { depth: 3 } },
    git: { commit: 'deadbeef', branch: 'main', dirty: true, diff: H2 },
    environment: { python: '3.12.1', os: 'linux' },
  });
  insertRun(store, { ...base, id: 'run-c', name: 'quiet-lynx', params: { lr: 0.05, optimizer: 'sgd' } });
  const t = 1_764_241_200_000;
  insertMetrics(store, 'run-a', [
    { key: 'val/auc', step: 0, value: 0.6, timestamp: t },
    { key: 'val/auc', step: 1, value: 0.8, timestamp: t },
    { key: 'train/loss', step: 0, value: 0.9, timestamp: t },
    { key: 'train/loss', step: 1, value: 0.4, timestamp: t },
  ]);
  insertMetrics(store, 'run-b', [
    { key: 'val/auc', step: 0, value: 0.9, timestamp: t },
    { key: 'train/loss', step: 0, value: 0.3, timestamp: t },
    { key: 'only_b', step: 0, value: NaN, timestamp: t },
  ]);
  insertMetrics(store, 'run-c', [
    { key: 'val/auc', step: 0, value: 0.9, timestamp: t },
    { key: 'train/loss', step: 0, value: 0.5, timestamp: t },
  ]);
  setInputs(store, 'run-a', [{ path: 'data/train.csv', hash: H1 }]);
  setInputs(store, 'run-b', [{ path: 'data/train.csv', hash: H2 }, { path: 'data/extra.csv', hash: H1 }]);
  addArtifact(store, 'run-a', { path: 'model.json', hash: H1, size: 120 });
  setTags(store, 'run-b', { owner: 'ada' });
  const get = (id: string) => runDetails(store, id)!;
  return { store, a: get('run-a'), b: get('run-b'), c: get('run-c') };
}

test('runDocument puts every key of the union on the same line in both documents', () => {
  const { store, a, b } = seed();
  try {
    const keys = compareKeys([a, b]);
    const da = runDocument(a, keys).split('\n');
    const db = runDocument(b, keys).split('\n');
    assert.equal(da.length, db.length, 'documents of the same comparison have the same number of lines');
    const lineOf = (lines: string[], prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    for (const key of ['lr ', 'epochs ', 'optimizer ', 'extra ', 'val/auc ', 'only_b ', 'data/extra.csv ', 'model.json ', 'python ', 'node ', 'owner ', 'commit ', 'dirty ']) {
      const i = lineOf(da, key);
      assert.ok(i >= 0, `"${key}" missing from run a's document:\n${da.join('\n')}`);
      assert.equal(i, lineOf(db, key), `"${key}" is on different lines`);
    }
    assert.equal(da[lineOf(da, 'lr ')], 'lr        = 0.1');
    assert.equal(db[lineOf(db, 'lr ')], 'lr        = 0.01');
    assert.equal(da[lineOf(da, 'extra ')], 'extra     = —', 'a param only b has shows as absent in a');
    assert.equal(db[lineOf(db, 'extra ')], 'extra     = {"depth":3}');
    assert.equal(db[lineOf(db, 'only_b ')], 'only_b     = NaN / NaN / NaN (1)');
    assert.equal(da[lineOf(da, 'val/auc ')], 'val/auc    = 0.8 / 0.6 / 0.8 (2)');
    assert.equal(da[lineOf(da, 'data/extra.csv ')], 'data/extra.csv = —');
    assert.equal(db[lineOf(db, 'dirty ')], 'dirty  = yes');
    assert.equal(db[lineOf(db, 'node ')], 'node   = —');
    // Same keys, same values: identical lines, so the diff editor marks nothing there.
    assert.equal(da[lineOf(da, 'epochs ')], db[lineOf(db, 'epochs ')]);
    // A note's newline is escaped: it would otherwise push every later line down.
    assert.ok(da.includes('baseline\\nsecond line'));
    assert.deepEqual(
      da.filter((l) => l.startsWith('[')),
      ['[Run]', '[Params]', '[Metrics (last / min / max, points)]', '[Inputs (SHA-256)]', '[Artifacts (SHA-256, bytes)]', '[Environment]', '[Git]', '[Tags]', '[Note]'],
    );
    // Stable: the same input gives the same text.
    assert.equal(runDocument(a, keys), runDocument(a, compareKeys([b, a])));
  } finally {
    store.close();
  }
});

test('runDocument of a single run lists only its own keys', () => {
  const { store, c } = seed();
  try {
    const doc = runDocument(c);
    assert.match(doc, /^lr\s+= 0\.05$/m);
    assert.doesNotMatch(doc, /epochs/);
    assert.match(doc, /\[Tags\]\n\(none\)/);
  } finally {
    store.close();
  }
});

test('metric directions: max by default, losses and errors minimized, overridable', () => {
  assert.equal(metricDirection('val/auc'), 'maximize');
  for (const k of ['train/loss', 'val_error', 'MAE', 'val/rmse', 'mse']) assert.equal(metricDirection(k), 'minimize', k);
  assert.equal(metricDirection('val/auc', { 'val/auc': 'minimize' }), 'minimize');
});

test('compareTable: rows, differing params, best run per metric with ties, NaN ignored', () => {
  const { store, a, b, c } = seed();
  try {
    const t = compareTable([a, b, c]);
    assert.deepEqual(t.rows.map((r) => r.id), ['run-a', 'run-b', 'run-c']);
    assert.deepEqual(t.paramKeys, ['epochs', 'extra', 'lr', 'optimizer']);
    // epochs: 30, 30 and absent in c, so it differs too.
    assert.deepEqual(t.differingParams, ['epochs', 'extra', 'lr', 'optimizer']);
    assert.deepEqual(compareTable([a, b]).differingParams, ['extra', 'lr', 'optimizer']);
    assert.deepEqual(t.best['val/auc'], { direction: 'maximize', value: 0.9, runIds: ['run-b', 'run-c'] });
    assert.deepEqual(t.best['train/loss'], { direction: 'minimize', value: 0.3, runIds: ['run-b'] });
    assert.equal(t.best.only_b, undefined, 'a metric with only NaN has no best run');
    assert.deepEqual(t.rows[1].metrics.only_b, { last: 'NaN', min: 'NaN', max: 'NaN', count: 1 });
    assert.deepEqual(t.rows[1].params.extra, '{"depth":3}');
    assert.equal(compareTable([a, b, c], undefined, { 'val/auc': 'minimize' }).best['val/auc'].runIds[0], 'run-a');
    // JSON round trip keeps everything (no NaN or undefined is lost on the way to the webview).
    assert.deepEqual(JSON.parse(JSON.stringify(t)).best, t.best);
  } finally {
    store.close();
  }
});

test('compareTable: primary metric and the parallel-coordinates dataset', () => {
  const { store, a, b, c } = seed();
  try {
    // No primary given: the first shared non-system metric, sorted (train/loss before val/auc).
    assert.equal(compareTable([a, b, c]).primaryMetric, 'train/loss');
    const t = compareTable([a, b, c], 'val/auc');
    assert.equal(t.primaryMetric, 'val/auc');
    assert.deepEqual(t.parallel.axes.map((x) => [x.key, x.kind]), [
      ['epochs', 'numeric'],
      ['extra', 'categorical'],
      ['lr', 'numeric'],
      ['optimizer', 'categorical'],
      ['val/auc', 'numeric'],
    ]);
    const lr = t.parallel.axes.find((x) => x.key === 'lr')!;
    assert.deepEqual(lr.ticks, [{ position: 0, label: '0.01' }, { position: 1, label: '0.1' }]);
    const opt = t.parallel.axes.find((x) => x.key === 'optimizer')!;
    assert.deepEqual(opt.ticks, [{ position: 0, label: 'adam' }, { position: 1, label: 'sgd' }]);
    const point = (run: string, axis: string) => t.parallel.points.find((p) => p.runId === run && p.axis === axis)!;
    assert.equal(point('run-c', 'lr').position, (0.05 - 0.01) / (0.1 - 0.01));
    assert.equal(point('run-b', 'optimizer').position, 0);
    assert.equal(point('run-c', 'epochs').position, null, 'a run without the param skips that axis');
    assert.equal(point('run-a', 'epochs').position, 0.5, 'a constant axis sits in the middle');
    assert.equal(point('run-a', 'val/auc').primary, 0.8);
    assert.equal(point('run-a', 'val/auc').position, 0);
    assert.equal(t.parallel.points.length, 3 * 5);
    // An unknown primary metric falls back to the automatic choice.
    assert.equal(compareTable([a, b], 'nope').primaryMetric, 'train/loss');
  } finally {
    store.close();
  }
});

test('compareTable draws all params when none differ', () => {
  const { store, a } = seed();
  try {
    const t = compareTable([a, a]);
    assert.deepEqual(t.differingParams, []);
    assert.deepEqual(t.parallel.axes.map((x) => x.key), ['epochs', 'lr', 'optimizer', 'train/loss']);
  } finally {
    store.close();
  }
});

test('compareTable: the primary metric first, the model\'s metrics next, system metrics last and never best', () => {
  const { store } = seed();
  try {
    const t0 = 1_764_241_200_000;
    // Logged as the launcher's sampler logs them: a lower CPU or memory use is not a better model.
    insertMetrics(store, 'run-a', [
      { key: 'system/cpu_percent', step: 0, value: 80, timestamp: t0 },
      { key: 'system/rss_mb', step: 0, value: 300, timestamp: t0 },
      { key: 'accuracy', step: 0, value: 0.7, timestamp: t0 },
    ]);
    insertMetrics(store, 'run-b', [
      { key: 'system/cpu_percent', step: 0, value: 20, timestamp: t0 },
      { key: 'system/rss_mb', step: 0, value: 100, timestamp: t0 },
      { key: 'accuracy', step: 0, value: 0.75, timestamp: t0 },
    ]);
    const runs = [runDetails(store, 'run-a')!, runDetails(store, 'run-b')!];
    const t = compareTable(runs, 'val/auc');
    assert.deepEqual(t.metricKeys, ['val/auc', 'accuracy', 'only_b', 'train/loss', 'system/cpu_percent', 'system/rss_mb']);
    assert.equal(t.best['system/cpu_percent'], undefined, 'system metrics are not ranked');
    assert.equal(t.best['system/rss_mb'], undefined);
    assert.deepEqual(t.best.accuracy.runIds, ['run-b']);
    // Without a requested primary, the automatic choice (a model metric) still leads.
    const auto = compareTable(runs);
    assert.equal(auto.primaryMetric, 'accuracy');
    assert.deepEqual(auto.metricKeys, ['accuracy', 'only_b', 'train/loss', 'val/auc', 'system/cpu_percent', 'system/rss_mb']);
    // The editor's documents list system metrics last too.
    const doc = runDocument(runs[0], compareKeys(runs)).split('\n');
    const at = (prefix: string) => doc.findIndex((l) => l.startsWith(prefix));
    assert.ok(at('val/auc ') < at('system/cpu_percent '), doc.join('\n'));
  } finally {
    store.close();
  }
});

test('orderMetricKeys: the first key only when present, order kept within each group', () => {
  assert.deepEqual(orderMetricKeys(['a', 'system/x', 'b'], 'b'), ['b', 'a', 'system/x']);
  assert.deepEqual(orderMetricKeys(['a', 'system/x', 'b'], 'missing'), ['a', 'b', 'system/x']);
  assert.deepEqual(orderMetricKeys(['system/y', 'a'], 'system/y'), ['system/y', 'a'], 'a system metric the user picked as primary leads');
});
