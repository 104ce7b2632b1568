// claimVersionNumber (renumber.ts), used by push and pull: a local version takes the team store's
// number; an unshared one holding it moves to the next free number, with alias events, last_version
// and the audit log following. Real stores, versions made by the real registry and data code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyAudit } from '../../../src/core/audit/verifyAudit';
import { setAlias } from '../../../src/core/registry/aliases';
import { registerModel } from '../../../src/core/registry/registerModel';
import { claimVersionNumber } from '../../../src/core/team/renumber';
import { TeamConflictError } from '../../../src/core/team/types';
import { finishedRun, registryWorkspace, writeFiles } from '../registry/registryFixture';

async function threeVersions() {
  const f = registryWorkspace();
  for (let i = 0; i < 3; i++) await registerModel(f.store, f.config, { model: 'churn', runId: await finishedRun(f) });
  const uid = (v: number) => f.store.db.prepare("SELECT uid FROM model_versions WHERE model = 'churn' AND version = ?").get<{ uid: string }>(v)!.uid;
  const versions = () => f.store.db.prepare("SELECT uid, version, shared FROM model_versions WHERE model = 'churn' ORDER BY id").all<{ uid: string; version: number; shared: number }>().map((r) => [r.uid, Number(r.version), Number(r.shared)]);
  return { f, uid, versions };
}

test('a model version takes the team number; the unshared holder moves past last_version, alias events follow', async () => {
  const { f, uid, versions } = await threeVersions();
  const [u1, u2, u3] = [uid(1), uid(2), uid(3)];
  setAlias(f.store, f.config, { model: 'churn', alias: 'staging', version: 2, reason: 'a' });
  setAlias(f.store, f.config, { model: 'churn', alias: 'staging', version: 3, reason: 'b' });
  // A deleted number stays used: last_version 5 means the next free is 6, not 4.
  f.store.db.exec("UPDATE models SET last_version = 5 WHERE name = 'churn'");
  const moves = claimVersionNumber(f.store, 'model_version', { model: 'churn' }, 2, u3);
  assert.deepEqual(moves.map((m) => [m.uid, m.from, m.to, m.ref]), [
    [u2, 2, 6, 'churn@6'],
    [u3, 3, 2, 'churn@2'],
  ]);
  assert.deepEqual(versions(), [
    [u1, 1, 0],
    [u2, 6, 0],
    [u3, 2, 1],
  ]);
  const events = f.store.db.prepare('SELECT old_version, new_version FROM alias_events ORDER BY id').all<{ old_version: number | null; new_version: number }>();
  assert.deepEqual(events.map((e) => [e.old_version, e.new_version]), [
    [null, 6],
    [6, 2],
  ]);
  assert.equal(Number(f.store.db.prepare("SELECT last_version FROM models WHERE name = 'churn'").get<{ last_version: number }>()!.last_version), 6);
  const audit = f.store.db.prepare("SELECT object, details_json FROM audit_log WHERE action = 'version.renumbered' ORDER BY seq").all<{ object: string; details_json: string }>();
  assert.deepEqual(audit.map((a) => [a.object, JSON.parse(a.details_json)]), [
    ['churn@6', { from: 2, to: 6, uid: u2 }],
    ['churn@2', { from: 3, to: 2, uid: u3 }],
  ]);
  assert.equal(verifyAudit(f.store).ok, true);
  // Its own number already: only marked shared, nothing moves, nothing audited.
  assert.deepEqual(claimVersionNumber(f.store, 'model_version', { model: 'churn' }, 1, u1), []);
  assert.deepEqual(versions()[0], [u1, 1, 1]);
  // A shared version holding the number means the two stores disagree: refused, nothing changed.
  const before = versions();
  assert.throws(() => claimVersionNumber(f.store, 'model_version', { model: 'churn' }, 2, u2), (err: Error) => err instanceof TeamConflictError && /disagree/.test(err.message));
  assert.deepEqual(versions(), before);
  f.store.close();
});

test('a dataset version takes the team number within its item', async () => {
  const f = registryWorkspace();
  await finishedRun(f);
  writeFiles(f.root, { 'train.csv': 'age,plan,churned\n1,pro,1\n' });
  await finishedRun(f);
  const rows = () => f.store.db.prepare("SELECT uid, version, shared FROM dataset_versions WHERE dataset = 'train' ORDER BY id").all<{ uid: string; version: number; shared: number }>();
  const [a, b] = rows();
  const moves = claimVersionNumber(f.store, 'dataset_version', { dataset: 'train', item: 'train.csv' }, 2, a.uid);
  assert.deepEqual(moves.map((m) => [m.ref, m.from, m.to]), [
    ['train@3', 2, 3],
    ['train@2', 1, 2],
  ]);
  assert.deepEqual(rows().map((r) => [r.uid, Number(r.version), Number(r.shared)]), [
    [a.uid, 2, 1],
    [b.uid, 3, 0],
  ]);
  assert.throws(() => claimVersionNumber(f.store, 'dataset_version', { dataset: 'train', item: 'other.csv' }, 1, a.uid), /no local version with uid/);
  f.store.close();
});
