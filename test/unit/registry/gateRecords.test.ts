// Recording a gate result: the gate_results row and its audit entry, together.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { evaluateGate } from '../../../src/core/registry/gate';
import { getGateResult, listGateResults, recordGate } from '../../../src/core/registry/gateRecords';
import { gateWorkspace } from './gateFixture';

const models = { churn: { metric: 'auc', gate: { auc: { threshold: 0.8, minAbsoluteChange: 0.05 } } } };

test('recordGate stores the row and a gate.evaluated audit entry, and returns the result with its id', () => {
  const w = gateWorkspace(models);
  w.run('01champion0000000000000000', { auc: 0.8 });
  w.version('churn', 1, '01champion0000000000000000', { auc: 0.8 });
  w.alias('churn', 'champion', 1);
  w.run('01cand00000000000000000000', { auc: 0.82 });
  const result = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01cand' });
  const stored = recordGate(w.store, result);
  assert.equal(typeof stored.id, 'number');
  assert.deepEqual({ ...stored, id: undefined }, { ...result, id: undefined });

  const row = w.store.db.prepare('SELECT model, candidate, against, passed, actor, at FROM gate_results WHERE id = ?').get(stored.id!);
  assert.deepEqual({ ...row }, { model: 'churn', candidate: '01cand00000000000000000000', against: 'churn@1', passed: 0, actor: result.actor, at: result.at });
  assert.deepEqual(getGateResult(w.store, stored.id!), stored);
  assert.equal(getGateResult(w.store, 9999), undefined);

  const audit = w.store.db.prepare("SELECT actor, at, object, details_json FROM audit_log WHERE action = 'gate.evaluated'").all<{ actor: string; at: number; object: string; details_json: string }>();
  assert.equal(audit.length, 1);
  assert.equal(audit[0].object, '01cand00000000000000000000');
  assert.equal(audit[0].actor, result.actor);
  assert.equal(Number(audit[0].at), result.at);
  assert.deepEqual(JSON.parse(audit[0].details_json), { gateId: stored.id, model: 'churn', against: { alias: 'champion', version: 1 }, passed: false, failed: ['auc'] });
});

test('a result with nothing to compare stores against as NULL; listGateResults is newest first', () => {
  const w = gateWorkspace(models);
  w.run('01first0000000000000000000', { auc: 0.9 });
  const first = recordGate(w.store, { ...evaluateGate(w.store, w.config, { model: 'churn', candidate: '01first' }), at: 1000 });
  const second = recordGate(w.store, { ...evaluateGate(w.store, w.config, { model: 'churn', candidate: '01first' }), at: 2000 });
  assert.equal(w.store.db.prepare('SELECT against FROM gate_results WHERE id = ?').get<{ against: string | null }>(first.id!)!.against, null);
  assert.deepEqual(listGateResults(w.store, 'churn').map((r) => r.id), [second.id, first.id]);
  assert.deepEqual(listGateResults(w.store, 'fraud'), []);
});

test('when the audit entry cannot be written, no gate row is left behind', () => {
  const w = gateWorkspace(models);
  w.run('01first0000000000000000000', { auc: 0.9 });
  const result = evaluateGate(w.store, w.config, { model: 'churn', candidate: '01first' });
  // A detail canonical JSON refuses (RFC 8785 has no NaN): appendAudit throws inside the transaction.
  const bad = { ...result, against: { ...result.against, version: NaN } };
  assert.throws(() => recordGate(w.store, bad), /canonicalJson: NaN has no JSON form/);
  assert.equal(w.store.db.prepare('SELECT COUNT(*) AS n FROM gate_results').get<{ n: number }>()!.n, 0);
  assert.equal(w.store.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'gate.evaluated'").get<{ n: number }>()!.n, 0);
});

test('a stored result keeps non-finite metric values: NaN and Infinity read back as numbers, not null', () => {
  const w = gateWorkspace(models);
  w.run('01champion0000000000000000', { auc: NaN });
  w.version('churn', 1, '01champion0000000000000000', { auc: null }); // a copied NaN
  w.alias('churn', 'champion', 1);
  w.run('01cand00000000000000000000', { auc: Infinity });
  const stored = recordGate(w.store, evaluateGate(w.store, w.config, { model: 'churn', candidate: '01cand' }));
  const back = getGateResult(w.store, stored.id!)!;
  assert.equal(back.metrics[0].candidate, Infinity);
  assert.ok(Number.isNaN(back.metrics[0].baseline));
  assert.equal(back.passed, false);
  const text = w.store.db.prepare('SELECT result_json FROM gate_results WHERE id = ?').get<{ result_json: string }>(stored.id!)!.result_json;
  assert.match(text, /"candidate":"Infinity"/);
  assert.match(text, /"baseline":"NaN"/);
});
