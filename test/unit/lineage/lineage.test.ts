// lineageOf on a real store: up and down from a model version, a run and a dataset version.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { lineageOf } from '../../../src/core/lineage/lineage';
import type { LineageGraph } from '../../../src/core/lineage/types';
import { RegistryError } from '../../../src/core/registry/types';
import { deleteRun } from '../../../src/core/tracking/deleteRun';
import { recordInputs } from '../../../src/core/tracking/inputs';
import { insertRun } from '../../../src/core/tracking/runRecords';
import { dataWorkspace, sha } from '../data/helpers';
import { DIFF, lineageFixture, R1, R2 } from './fixture';

const ids = (g: LineageGraph) => g.nodes.map((n) => n.id);
const edges = (g: LineageGraph) => g.edges.map((e) => `${e.from} -${e.relation}-> ${e.to}`);
const node = (g: LineageGraph, id: string) => {
  const n = g.nodes.find((x) => x.id === id);
  assert.ok(n, `no node ${id} in ${ids(g).join(', ')}`);
  return n;
};

test('up from a model version: its run, params, code, environment, the data it read with validation and profile, the monitors over that data', async () => {
  const f = await lineageFixture();
  const g = lineageOf(f.store, f.config, 'churn@champion', { direction: 'up' });
  assert.equal(g.root, 'model-version:churn@1');
  assert.deepEqual(edges(g), [
    `model-version:churn@1 -registered-from-> run:${R1}`,
    `run:${R1} -used-params-> params:${R1}`,
    `run:${R1} -ran-code-> code:${R1}`,
    `run:${R1} -ran-in-> environment:${R1}`,
    `run:${R1} -read-> dataset-version:train:data/train.csv@1`,
    'dataset-version:train:data/train.csv@1 -monitored-by-> monitor:bare',
    'dataset-version:train:data/train.csv@1 -monitored-by-> monitor:drift',
  ]);
  assert.equal(ids(g)[0], g.root);
  const mv = node(g, g.root);
  assert.equal(mv.ref, 'churn@1');
  assert.equal(mv.label, 'churn@1 (champion, latest)');
  assert.deepEqual(mv.details.metrics, { auc: 0.91 });
  assert.deepEqual(node(g, `params:${R1}`).details, { lr: 0.1, epochs: 3 });
  assert.deepEqual(node(g, `code:${R1}`).details, { commit: 'c0ffee0123456789', branch: 'main', dirty: true, diffObject: DIFF });
  assert.deepEqual(node(g, `environment:${R1}`).details, { python: '3.11.4', os: 'linux', node: '20.11.0' });
  const data = node(g, 'dataset-version:train:data/train.csv@1');
  assert.equal(data.ref, 'train@1');
  assert.equal(data.details.hash, f.train1.hash);
  assert.deepEqual(data.details.validation, { success: true, at: (data.details.validation as { at: number }).at, failedExpectations: 0 });
  assert.equal(data.details.profiled, true);
  const drift = node(g, 'monitor:drift');
  assert.deepEqual(drift.details.latestCheck, { outcome: 'drift', at: 4000, driftShare: null, batch: 'incoming:data/incoming.csv@1', reference: 'train:data/train.csv@1' });
  assert.equal(drift.details.referencesThisVersion, true);
  const bare = node(g, 'monitor:bare');
  assert.equal(bare.details.latestCheck, null);
  assert.equal(bare.details.referenceVersion, null, 'not pinned until its first check; lineage does not pin it');
  assert.ok(!ids(g).includes('monitor:other'), 'a monitor over other data is not drawn');
  assert.ok(!ids(g).includes('dataset-version:train:data/train.csv@2'));
  // Down from a model version: nothing is built on it in the store; its aliases are on its node.
  const down = lineageOf(f.store, f.config, 'churn@1', { direction: 'down' });
  assert.deepEqual(ids(down), ['model-version:churn@1']);
  assert.deepEqual(down.edges, []);
  assert.deepEqual(node(down, down.root).details.aliases, ['champion', 'latest']);
  // Reading lineage changes nothing: the bare monitor is still unpinned.
  assert.equal(f.store.db.prepare("SELECT COUNT(*) AS n FROM monitor_state WHERE monitor = 'bare'").get<{ n: number }>()!.n, 0);
  f.store.close();
});

test('down from a dataset version: the runs that read it and the model versions registered from them, only for that version', async () => {
  const f = await lineageFixture();
  const g1 = lineageOf(f.store, f.config, 'train@1', { direction: 'down' });
  assert.equal(g1.root, 'dataset-version:train:data/train.csv@1');
  assert.deepEqual(edges(g1), [
    'dataset-version:train:data/train.csv@1 -monitored-by-> monitor:bare',
    'dataset-version:train:data/train.csv@1 -monitored-by-> monitor:drift',
    `run:${R1} -read-> dataset-version:train:data/train.csv@1`,
    `model-version:churn@1 -registered-from-> run:${R1}`,
  ]);
  const g2 = lineageOf(f.store, f.config, 'train@2', { direction: 'down' });
  assert.deepEqual(edges(g2), [
    'dataset-version:train:data/train.csv@2 -monitored-by-> monitor:bare',
    `run:${R2} -read-> dataset-version:train:data/train.csv@2`,
  ]);
  assert.equal(node(g2, g2.root).details.validation, null);
  assert.equal(node(g2, g2.root).details.profiled, false);
  // Up from data: only its monitors (a dataset version comes from no run).
  const up = lineageOf(f.store, f.config, 'train:data/train.csv@1', { direction: 'up' });
  assert.deepEqual(ids(up), ['dataset-version:train:data/train.csv@1', 'monitor:bare', 'monitor:drift']);
  f.store.close();
});

test('a run, by id prefix, both ways: upstream facets and data, downstream the versions registered from it', async () => {
  const f = await lineageFixture();
  const g = lineageOf(f.store, f.config, R1.slice(0, 6));
  assert.equal(g.root, `run:${R1}`);
  assert.equal(g.direction, 'both');
  assert.ok(edges(g).includes(`run:${R1} -read-> dataset-version:train:data/train.csv@1`));
  assert.ok(edges(g).includes(`model-version:churn@1 -registered-from-> run:${R1}`));
  assert.deepEqual(node(g, g.root).details.inputs, []);
  const down2 = lineageOf(f.store, f.config, R2, { direction: 'down' });
  assert.deepEqual(ids(down2), [`run:${R2}`]);
  const up2 = lineageOf(f.store, f.config, R2, { direction: 'up' });
  assert.deepEqual(ids(up2), [`run:${R2}`, `params:${R2}`, 'dataset-version:train:data/train.csv@2', 'monitor:bare'], 'no code or environment node for a run that recorded none');
  f.store.close();
});

test('a model version whose run was deleted shows the run as deleted, and the version keeps its own facts', async () => {
  const f = await lineageFixture();
  deleteRun(f.store, f.root, R1);
  const g = lineageOf(f.store, f.config, 'churn@1');
  assert.deepEqual(edges(g), ['model-version:churn@1 -registered-from-> run:deleted:model-version:churn@1']);
  const run = node(g, 'run:deleted:model-version:churn@1');
  assert.equal(run.label, 'deleted run');
  assert.equal(run.ref, null);
  assert.deepEqual(run.details, { id: null, deleted: true });
  assert.equal(node(g, g.root).details.runId, null);
  // Once deleted, the data it read no longer lists it.
  assert.deepEqual(ids(lineageOf(f.store, f.config, 'train@1', { direction: 'down' })), ['dataset-version:train:data/train.csv@1', 'monitor:bare', 'monitor:drift']);
  f.store.close();
});

test('unknown or ambiguous references: a RegistryError that names what is missing and what exists', async () => {
  const f = await lineageFixture();
  const rejects = (ref: string, pattern: RegExp) =>
    assert.throws(() => lineageOf(f.store, f.config, ref), (e: unknown) => e instanceof RegistryError && pattern.test(e.message), ref);
  rejects('churn@7', /churn@7 does not exist: versions of churn: 1/);
  rejects('churn@prod', /no alias "prod"/);
  rejects('train@9', /has no version 9/);
  rejects('nope@1', /no model or dataset is named nope \(models: churn; datasets: incoming, train\)/);
  rejects('zzzzzz', /"zzzzzz" names no run, model or dataset/);
  rejects('', /No reference given/);
  // A bare model or dataset name: its latest version.
  assert.equal(lineageOf(f.store, f.config, 'churn').root, 'model-version:churn@1');
  assert.equal(lineageOf(f.store, f.config, 'data:train').root, 'dataset-version:train:data/train.csv@2');
  // A name that is both a model and a dataset needs its prefix.
  f.store.db.prepare("INSERT INTO models (name, description, created_at) VALUES ('train', '', 1)").run();
  rejects('train@1', /train is both a model and a dataset: write model:train@1 or data:train@1/);
  assert.equal(lineageOf(f.store, f.config, 'data:train@1').root, 'dataset-version:train:data/train.csv@1');
  assert.throws(() => lineageOf(f.store, f.config, 'model:train@1'), /model train has no versions|train@1 does not exist/);
  assert.equal(lineageOf(f.store, f.config, `run:${R2}`).root, `run:${R2}`);
  f.store.close();
});

test('a dataset of several files: versions are named NAME:ITEM@N, and files outside datasets are listed on the run', async () => {
  const w = dataWorkspace({ batches: 'data/b/*.csv' });
  w.write('data/b/b1.csv', 'x\n1\n');
  w.write('data/b/b2.csv', 'x\n2\n');
  w.write('notes.txt', 'plain');
  insertRun(w.store, { id: 'run-glob-1', name: 'score', experiment: 'e', status: 'finished', command: 'x', cwd: '.', params: {}, createdAt: 1 });
  // Naming the dataset links each of its files to the version read.
  await recordInputs(w.store, w.root, w.config, 'run-glob-1', ['batches', 'notes.txt']);
  const g = lineageOf(w.store, w.config, 'run-glob-1', { direction: 'up' });
  const read = g.nodes.filter((n) => n.kind === 'dataset-version');
  assert.deepEqual(
    read.map((n) => [n.ref, n.label]),
    [
      ['batches:data/b/b1.csv@1', 'batches:data/b/b1.csv@1'],
      ['batches:data/b/b2.csv@1', 'batches:data/b/b2.csv@1'],
    ],
    'each file read, named with its item',
  );
  assert.deepEqual(node(g, 'run:run-glob-1').details.inputs, [{ path: 'notes.txt', hash: sha('plain') }]);
  assert.equal(lineageOf(w.store, w.config, 'batches:b1.csv@1', { direction: 'down' }).nodes.length, 2, 'an item by its file name, down to the run');
  assert.throws(() => lineageOf(w.store, w.config, 'batches@1'), (e: unknown) => e instanceof RegistryError && /has 2 items: name one as batches:ITEM@1/.test(e.message));
  w.store.close();
});

test('a bare word: a run id, run name, model or dataset; one that names two of them asks for a prefix', async () => {
  const f = await lineageFixture();
  const rejects = (ref: string, pattern: RegExp) =>
    assert.throws(() => lineageOf(f.store, f.config, ref), (e: unknown) => e instanceof RegistryError && pattern.test(e.message), ref);
  // Both fixture runs are named "train", as the dataset is.
  rejects('train', /"train" names run and data: write run:train or data:train\./);
  rejects('run:train', /"train" names 2 runs/);
  assert.equal(lineageOf(f.store, f.config, 'data:train').root, 'dataset-version:train:data/train.csv@2');
  assert.equal(lineageOf(f.store, f.config, R1).root, `run:${R1}`);
  assert.equal(lineageOf(f.store, f.config, 'incoming').root, 'dataset-version:incoming:data/incoming.csv@1');
  assert.equal(lineageOf(f.store, f.config, 'churn').root, 'model-version:churn@1');
  f.store.close();
});
