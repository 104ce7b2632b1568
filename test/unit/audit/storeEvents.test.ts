import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listAudit } from '../../../src/core/audit/auditQuery';
import { verifyAudit } from '../../../src/core/audit/verifyAudit';
import { checkoutVersion } from '../../../src/core/data/checkoutVersion';
import { collectGarbage } from '../../../src/core/data/collectGarbage';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { deleteVersion } from '../../../src/core/data/deleteVersion';
import { objectPath } from '../../../src/core/data/objectCache';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { changeAlert, openAlert } from '../../../src/core/monitors/alerts';
import { deleteRun } from '../../../src/core/tracking/deleteRun';
import { insertRun, updateRun } from '../../../src/core/tracking/runRecords';
import type { Store } from '../../../src/core/store/store';
import { dataWorkspace, sha } from '../data/helpers';

const actions = (store: Store) => listAudit(store).map((e) => `${e.action} ${e.object}`);

test('a run: created, finished once (a second final update adds nothing), deleted', () => {
  const w = dataWorkspace({});
  insertRun(w.store, { id: 'run-a', name: 'brave-owl', experiment: 'default', status: 'running', command: 'python train.py --token SECRET', cwd: '.', params: {}, createdAt: 1 });
  updateRun(w.store, 'run-a', { pid: 42 });
  updateRun(w.store, 'run-a', { status: 'failed', exitCode: 3, endedAt: 2 });
  updateRun(w.store, 'run-a', { status: 'lost' });
  deleteRun(w.store, w.root, 'run-a');
  assert.deepEqual(actions(w.store), ['run.created run-a', 'run.finished run-a', 'run.deleted run-a']);
  const [created, finished, deleted] = listAudit(w.store);
  assert.deepEqual(created.details, { name: 'brave-owl', experiment: 'default', status: 'running' });
  assert.doesNotMatch(JSON.stringify(created), /SECRET/, 'the command line is not kept in the permanent log');
  assert.deepEqual(finished.details, { status: 'failed', exitCode: 3 });
  assert.equal(deleted.details.status, 'lost');
  assert.equal(verifyAudit(w.store).ok, true);
});

test('a queued run starting is not an entry; its finish is', () => {
  const w = dataWorkspace({});
  insertRun(w.store, { id: 'q1', name: 'q', experiment: 'sweep', status: 'queued', command: 'x', cwd: '.', params: { lr: 0.1 }, createdAt: 1 });
  updateRun(w.store, 'q1', { status: 'running', startedAt: 2 });
  updateRun(w.store, 'q1', { status: 'finished', exitCode: 0, endedAt: 3 });
  assert.deepEqual(actions(w.store), ['run.created q1', 'run.finished q1']);
});

test('versioning a glob of many files appends one entry with the count and the versions', async () => {
  const w = dataWorkspace({ logs: 'logs/*.txt' });
  for (let i = 0; i < 30; i++) w.write(`logs/f${String(i).padStart(2, '0')}.txt`, `line ${i}\n`, 60);
  await versionDataset(w.store, w.root, w.config, 'logs');
  await versionDataset(w.store, w.root, w.config, 'logs'); // nothing changed: no entry
  w.write('logs/f07.txt', 'changed\n', 60);
  await versionDataset(w.store, w.root, w.config, 'logs');
  assert.deepEqual(actions(w.store), ['dataset.versioned logs', 'dataset.versioned logs:logs/f07.txt@2']);
  const [first, second] = listAudit(w.store);
  assert.equal(first.details.items, 30);
  const versions = first.details.versions as Array<{ ref: string; item: string; version: number; hash: string }>;
  assert.equal(versions.length, 30);
  assert.deepEqual(versions[0], { ref: 'logs:logs/f00.txt@1', item: 'logs/f00.txt', version: 1, hash: sha('line 0\n') });
  assert.equal(second.details.items, 1);
});

test('a single file dataset: versioned, restored, a version deleted: each one entry named train@N', async () => {
  const w = dataWorkspace({ train: 'data/train.csv' });
  w.write('data/train.csv', 'a\n1\n');
  await versionDataset(w.store, w.root, w.config, 'train', { source: 'watch' });
  w.write('data/train.csv', 'a\n2\n');
  await versionDataset(w.store, w.root, w.config, 'train');
  const v1 = listVersions(w.store, 'train').find((v) => v.version === 1)!;
  await checkoutVersion(w.store, w.root, w.config, v1);
  const v2 = listVersions(w.store, 'train').find((v) => v.version === 2)!;
  deleteVersion(w.store, w.root, v2.id);
  assert.throws(() => deleteVersion(w.store, w.root, v2.id), /does not exist/);
  assert.deepEqual(actions(w.store), ['dataset.versioned train@1', 'dataset.versioned train@2', 'dataset.restored train@1', 'dataset.version-deleted train@2']);
  const [versioned, , restored, deleted] = listAudit(w.store);
  assert.equal(versioned.details.source, 'watch');
  assert.deepEqual(restored.details, { item: 'data/train.csv', version: 1, hash: v1.hash, recordedAs: 3, savedFirstAs: null });
  assert.deepEqual(deleted.details, { item: 'data/train.csv', version: 2, hash: v2.hash, objectRemoved: true });
  assert.equal(verifyAudit(w.store).ok, true);
});

test('restoring over unversioned content versions it first, and that is an entry too', async () => {
  const w = dataWorkspace({ train: 'data/train.csv' });
  w.write('data/train.csv', 'a\n1\n');
  await versionDataset(w.store, w.root, w.config, 'train');
  w.write('data/train.csv', 'a\n2, never versioned\n');
  await checkoutVersion(w.store, w.root, w.config, listVersions(w.store, 'train')[0]);
  assert.deepEqual(actions(w.store), ['dataset.versioned train@1', 'dataset.versioned train@2', 'dataset.restored train@1']);
  const [, saved, restored] = listAudit(w.store);
  assert.equal(saved.details.source, 'restore');
  assert.deepEqual([restored.details.savedFirstAs, restored.details.recordedAs], [2, 3]);
});

test('gc that removes objects appends its counts and bytes; a dry run or a gc that removes nothing does not', async () => {
  const w = dataWorkspace({ train: 'data/train.csv' });
  w.write('data/train.csv', 'keep\n');
  await versionDataset(w.store, w.root, w.config, 'train');
  // An object file no row refers to (what a crash between an object and its row leaves).
  const stray = objectPath(w.root, sha('stray bytes'));
  fs.mkdirSync(path.dirname(stray), { recursive: true });
  fs.writeFileSync(stray, 'stray bytes');
  collectGarbage(w.store, w.root, { graceMs: 0, dryRun: true });
  assert.equal(listAudit(w.store, { action: 'store.gc' }).length, 0);
  collectGarbage(w.store, w.root, { graceMs: 0 });
  collectGarbage(w.store, w.root, { graceMs: 0 });
  const gc = listAudit(w.store, { action: 'store.gc' });
  assert.equal(gc.length, 1);
  assert.equal(gc[0].object, 'store');
  assert.deepEqual(gc[0].details, { objects: 1, bytes: 11, kept: 0, forced: false });
  assert.equal(fs.existsSync(stray), false);
});

test('a monitor alert opened and changed, the note as the reason', () => {
  const w = dataWorkspace({});
  const checkId = Number(
    w.store.db.prepare("INSERT INTO drift_checks (monitor, batch_label, reference_label, checked_at, outcome, report_json) VALUES ('prod', 'b', 'r', 0, 'drift', '{}')").run().lastInsertRowid,
  );
  const a = openAlert(w.store, { monitor: 'prod', checkId, summary: 'Drift in prod', at: 1000 });
  changeAlert(w.store, a.id, { state: 'acknowledged', actor: 'Ann', note: 'looking', at: 2000 });
  assert.throws(() => changeAlert(w.store, 999, { state: 'resolved' }));
  const [opened, changed] = listAudit(w.store);
  assert.deepEqual([opened.action, opened.object, opened.at, opened.details], ['alert.opened', 'prod', 1000, { alert: a.id, check: checkId, summary: 'Drift in prod' }]);
  assert.deepEqual([changed.action, changed.actor, changed.reason, changed.details], ['alert.changed', 'Ann', 'looking', { alert: a.id, state: 'acknowledged', until: null }]);
  assert.equal(listAudit(w.store).length, 2);
});
