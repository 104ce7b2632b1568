// The run queries the extension's views and the launcher rely on, against a real store.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { deleteRun } from '../../../src/core/tracking/deleteRun';
import { EventIngestor } from '../../../src/core/tracking/ingest';
import { addArtifact, countRuns, forgetUnstoredArtifact, getArtifacts, insertRun, runsFingerprint, unstoredArtifactPaths, updateRun } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

const base = { experiment: 'train', command: 'python3 train.py', cwd: '.', params: {}, createdAt: 1_764_241_200_000 };

test('runsFingerprint changes when a run is added or changes status, and only then', () => {
  const root = tempWorkspace();
  const store = Store.open(root);
  assert.equal(runsFingerprint(store), '');
  insertRun(store, { ...base, id: 'run-a', name: 'a', status: 'running' });
  const one = runsFingerprint(store);
  assert.notEqual(one, '');
  updateRun(store, 'run-a', { note: 'a note', endedAt: 5 });
  assert.equal(runsFingerprint(store), one, 'other fields leave it alone');
  updateRun(store, 'run-a', { status: 'finished' });
  const finished = runsFingerprint(store);
  assert.notEqual(finished, one);
  insertRun(store, { ...base, id: 'run-b', name: 'b', status: 'finished' });
  assert.notEqual(runsFingerprint(store), finished);
  deleteRun(store, root, 'run-b');
  assert.equal(runsFingerprint(store), finished, 'removing the new run restores the old shape');
  store.close();
});

test('countRuns counts one status over every run in the store', () => {
  const store = Store.open(tempWorkspace());
  assert.equal(countRuns(store, 'running'), 0);
  insertRun(store, { ...base, id: 'run-a', name: 'a', status: 'running' });
  insertRun(store, { ...base, id: 'run-b', name: 'b', status: 'running' });
  insertRun(store, { ...base, id: 'run-c', name: 'c', status: 'finished' });
  assert.equal(countRuns(store, 'running'), 2);
  assert.equal(countRuns(store, 'finished'), 1);
  updateRun(store, 'run-a', { status: 'killed' });
  assert.equal(countRuns(store, 'running'), 1);
  store.close();
});

test('a logged artifact is unstored until its content is added; forgetting one never touches a stored one', () => {
  const root = tempWorkspace();
  const store = Store.open(root);
  insertRun(store, { ...base, id: 'run-a', name: 'a', status: 'running' });
  const events = path.join(root, 'events.jsonl');
  fs.writeFileSync(events, ['model.pkl', 'plots/roc.png', 'missing.bin'].map((p) => JSON.stringify({ type: 'artifact', path: p })).join('\n') + '\n');
  new EventIngestor(store, 'run-a', events).ingest();
  assert.deepEqual(unstoredArtifactPaths(store, 'run-a'), ['missing.bin', 'model.pkl', 'plots/roc.png']);

  addArtifact(store, 'run-a', { path: 'model.pkl', hash: 'a'.repeat(64), size: 10 });
  forgetUnstoredArtifact(store, 'run-a', 'missing.bin');
  forgetUnstoredArtifact(store, 'run-a', 'model.pkl');
  assert.deepEqual(unstoredArtifactPaths(store, 'run-a'), ['plots/roc.png']);
  assert.deepEqual(
    getArtifacts(store, 'run-a').map((a) => a.path),
    ['model.pkl', 'plots/roc.png'],
    'the stored model stays; only the missing file is forgotten',
  );
  store.close();
});
