// Multivariate drift in a check: a batch whose two columns keep their own distributions but lose
// their correlation drifts as a whole while no column drifts; a batch from the reference's process
// does not; the model is fitted once per reference and read back without the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { readColumnData } from '../../../src/core/drift/columnData';
import { driftBetween, resolveDriftSource } from '../../../src/core/drift/driftCheck';
import { MAX_MULTIVARIATE_COLUMNS } from '../../../src/core/drift/multivariateDrift';
import { dataWorkspace } from '../data/helpers';

/** A seeded uniform generator (mulberry32), so the tables are the same on every run. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

interface Row {
  x: number;
  y: number;
  plan: string;
}

/** y follows x closely; the plan is independent of both. */
function correlated(n: number, seed: number): Row[] {
  const z = normal(uniform(seed));
  const plans = ['basic', 'plus', 'pro'];
  return Array.from({ length: n }, (_, i) => {
    const x = z();
    return { x, y: x + 0.2 * z(), plan: plans[i % 3] };
  });
}

/** The same x and y values, y shuffled against x: each column's values are unchanged, the relation is gone. */
function decorrelated(rows: Row[], seed: number): Row[] {
  const u = uniform(seed);
  const ys = rows.map((r) => r.y);
  for (let i = ys.length - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [ys[i], ys[j]] = [ys[j], ys[i]];
  }
  return rows.map((r, i) => ({ ...r, y: ys[i] }));
}

const csv = (rows: Row[]): string => 'x,y,plan\n' + rows.map((r) => `${r.x},${r.y},${r.plan}`).join('\n') + '\n';

async function workspace() {
  const reference = correlated(2000, 1);
  const w = dataWorkspace({ train: 'train.csv', incoming: 'incoming/*.csv' });
  w.write('train.csv', csv(reference));
  w.write('incoming/same.csv', csv(correlated(2000, 2)));
  w.write('incoming/broken.csv', csv(decorrelated(reference, 3)));
  await versionDataset(w.store, w.root, w.config, 'train');
  await versionDataset(w.store, w.root, w.config, 'incoming');
  const ref = resolveDriftSource(w.store, 'train@1', w.root);
  const batch = (name: string) => resolveDriftSource(w.store, `incoming:${name}.csv@1`, w.root);
  return { ...w, ref, batch };
}

test('a broken correlation with unchanged columns: no column drifts, the batch drifts as a whole; datasetDrift stays false', async () => {
  const w = await workspace();
  const r = await driftBetween(w.store, w.ref, w.batch('broken'));
  assert.deepEqual(
    r.columns.map((c) => c.drift),
    [false, false, false],
  );
  assert.equal(r.datasetDrift, false);
  const m = r.multivariate!;
  assert.equal(m.note, undefined);
  assert.deepEqual(m.columns, ['x', 'y', 'plan']);
  assert.equal(m.drift, true);
  assert.ok(m.error! > m.upper!, `error ${m.error} above the band's upper ${m.upper}`);
  assert.ok(m.components >= 1 && m.components < 3);
  assert.ok(m.explainedVariance! > 0.65 && m.explainedVariance! <= 1);
  w.store.close();
});

test('a batch from the reference process: its error stays within the band', async () => {
  const w = await workspace();
  const m = (await driftBetween(w.store, w.ref, w.batch('same'))).multivariate!;
  assert.equal(m.drift, false);
  assert.ok(m.lower! <= m.error! && m.error! <= m.upper!, `${m.lower} <= ${m.error} <= ${m.upper}`);
  w.store.close();
});

test('the model is stored once with the summary and serves later checks without the reference', async () => {
  const w = await workspace();
  const first = await driftBetween(w.store, w.ref, w.batch('broken'));
  const meta = () => JSON.parse(w.store.db.prepare('SELECT meta_json FROM drift_references').get<{ meta_json: string }>()!.meta_json);
  const models = meta().multivariate;
  assert.deepEqual(Object.keys(models), [JSON.stringify(['x', 'y', 'plan'])]);
  assert.equal(models[JSON.stringify(['x', 'y', 'plan'])].format, 'pca-reconstruction');
  // The reference's object and working file are gone: the stored model still scores the batch.
  const hash = w.ref.kind === 'version' ? w.ref.version.hash : '';
  const obj = path.join(w.root, '.mlops', 'objects', hash.slice(0, 2), hash.slice(2));
  fs.chmodSync(path.dirname(obj), 0o755);
  fs.rmSync(obj, { force: true });
  fs.rmSync(path.join(w.root, 'train.csv'));
  const again = await driftBetween(w.store, w.ref, w.batch('broken'));
  assert.deepEqual(again.multivariate, first.multivariate);
  assert.deepEqual(meta().multivariate, models);
  w.store.close();
});

test('a summary stored without a model (or for other columns) has one fitted on demand and stored beside the first', async () => {
  const w = await workspace();
  await driftBetween(w.store, w.ref, w.batch('broken'), { multivariate: false });
  const meta = () => JSON.parse(w.store.db.prepare('SELECT meta_json FROM drift_references').get<{ meta_json: string }>()!.meta_json);
  assert.equal(meta().multivariate, undefined, 'turned off: no model and no field');
  const r = await driftBetween(w.store, w.ref, w.batch('broken'), { ignore: ['plan'] });
  assert.deepEqual(r.multivariate!.columns, ['x', 'y']);
  assert.equal(r.multivariate!.drift, true);
  await driftBetween(w.store, w.ref, w.batch('broken'));
  assert.deepEqual(Object.keys(meta().multivariate).sort(), [JSON.stringify(['x', 'y']), JSON.stringify(['x', 'y', 'plan'])].sort());
  w.store.close();
});

test('turned off there is no field; with fewer than 2 columns it is skipped with a note', async () => {
  const w = await workspace();
  const off = await driftBetween(w.store, w.ref, w.batch('same'), { multivariate: false });
  assert.equal('multivariate' in off, false);
  const one = (await driftBetween(w.store, w.ref, w.batch('same'), { columns: ['x'] })).multivariate!;
  assert.equal(one.error, null);
  assert.equal(one.drift, false);
  assert.match(one.note!, /at least 2 columns/);
  w.store.close();
});

test('keepRows reads one value per row, missing ones as NaN or null, in row order', async () => {
  const w = dataWorkspace({});
  w.write('t.csv', 'n,c,d,m\n1,a,2024-01-01,1\n,b,,x\nNaN,,2024-01-03,2.5\n4,a,2024-01-04,\n');
  const data = await readColumnData(path.join(w.root, 't.csv'), { keepRows: true });
  const byName = new Map(data.columns.map((c) => [c.name, c.rows]));
  assert.deepEqual(Array.from(byName.get('n') as Float64Array), [1, NaN, NaN, 4]);
  assert.deepEqual(byName.get('c'), ['a', 'b', null, 'a']);
  assert.deepEqual(Array.from(byName.get('d') as Float64Array), [Date.UTC(2024, 0, 1), NaN, Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 4)]);
  // A mixed column: its numbers spelled as its counts spell them.
  assert.deepEqual(byName.get('m'), ['1', 'x', '2.5', null]);
  w.store.close();
});

test('more columns than multivariate drift reads: skipped with a note naming --columns, the columns still compared', async () => {
  const w = dataWorkspace({});
  const header = Array.from({ length: MAX_MULTIVARIATE_COLUMNS + 1 }, (_, j) => `c${j}`);
  const body = Array.from({ length: 20 }, (_, i) => header.map((_, j) => (i * 7 + j) % 11).join(','));
  w.write('wide.csv', [header.join(','), ...body].join('\n') + '\n');
  const file = resolveDriftSource(w.store, path.join(w.root, 'wide.csv'), w.root);
  const r = await driftBetween(w.store, file, file);
  assert.equal(r.columns.length, MAX_MULTIVARIATE_COLUMNS + 1);
  assert.equal(r.multivariate!.error, null);
  assert.match(r.multivariate!.note!, /at most 100 columns .*--columns/);
  const meta = JSON.parse(w.store.db.prepare('SELECT meta_json FROM drift_references').get<{ meta_json: string }>()!.meta_json);
  assert.equal(meta.multivariate, undefined, 'no model fitted');
  w.store.close();
});
