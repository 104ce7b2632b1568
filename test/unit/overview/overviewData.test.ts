import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { readOverview } from '../../../src/core/overview/overviewData';
import { Store } from '../../../src/core/store/store';
import { insertRun, listRuns, type RunStatus } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

function addRun(store: Store, id: string, createdAt: Date, status: RunStatus, experiment = 'train') {
  insertRun(store, { id, name: id, experiment, status, command: 'python3 train.py', cwd: '.', params: { lr: 0.1 }, createdAt: createdAt.getTime() });
}

test('counts runs, running runs, datasets, versions and models', () => {
  const store = Store.open(tempWorkspace());
  try {
    addRun(store, 'a', new Date(2026, 10, 20, 9), 'finished');
    addRun(store, 'b', new Date(2026, 10, 20, 23, 30), 'failed');
    addRun(store, 'c', new Date(2026, 10, 22, 0, 15), 'running');
    store.db.prepare(`INSERT INTO datasets (name, path, created_at) VALUES ('train', 'data/train.csv', 1)`).run();
    for (const v of [1, 2, 3]) store.db.prepare(`INSERT INTO dataset_versions (dataset, item, version, hash, size, created_at) VALUES ('train', 'train.csv', ?, 'h', 1, 1)`).run(v);
    store.db.prepare(`INSERT INTO models (name, created_at) VALUES ('churn', 1)`).run();
    store.db.prepare(`INSERT INTO model_versions (model, version, created_at) VALUES ('churn', 1, 1)`).run();
    const o = readOverview(store, Date.UTC(2026, 10, 27));
    assert.deepEqual(o.counts, { runs: 3, runningRuns: 1, datasets: 1, datasetVersions: 3, models: 1, modelVersions: 1 });
    // Grouped by the local calendar day the run was created, then by status.
    assert.deepEqual(o.runsPerDay, [
      { day: '2026-11-20', status: 'failed', runs: 1 },
      { day: '2026-11-20', status: 'finished', runs: 1 },
      { day: '2026-11-22', status: 'running', runs: 1 },
    ]);
    assert.equal(o.generatedAt, '2026-11-27T00:00:00.000Z');
  } finally {
    store.close();
  }
});

test('listRuns returns newest first and filters by experiment and status', () => {
  const store = Store.open(tempWorkspace());
  try {
    addRun(store, 'old', new Date(2026, 0, 1), 'finished', 'train');
    addRun(store, 'new', new Date(2026, 0, 2), 'failed', 'train');
    addRun(store, 'other', new Date(2026, 0, 3), 'finished', 'eval');
    assert.deepEqual(listRuns(store).map((r) => r.id), ['other', 'new', 'old']);
    assert.deepEqual(listRuns(store, { experiment: 'train' }).map((r) => r.id), ['new', 'old']);
    assert.deepEqual(listRuns(store, { status: 'finished' }).map((r) => r.id), ['other', 'old']);
    assert.deepEqual(listRuns(store)[0].params, { lr: 0.1 });
  } finally {
    store.close();
  }
});
