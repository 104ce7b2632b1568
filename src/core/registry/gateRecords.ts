// Stored gate results: every evaluation (mlops gate, and the gate before a protected alias moves) is
// a gate_results row plus its 'gate.evaluated' audit entry, written in one transaction.
import { appendAudit } from '../audit/appendAudit';
import type { Store } from '../store/store';
import { formatModelRef } from './modelRef';
import type { GateResult } from './types';
import { toJsonText } from '../quality/profileJson';
import { fromWire, isWireWord } from '../../shared/metricsData';

/** A stored GateResult: its metric values were written as "NaN" or "Infinity" (JSON has neither), read back as numbers. */
function parseGateJson(text: string): GateResult {
  const result = JSON.parse(text) as GateResult;
  for (const m of result.metrics) {
    if (isWireWord(m.candidate)) m.candidate = fromWire(m.candidate);
    if (isWireWord(m.baseline)) m.baseline = fromWire(m.baseline);
  }
  return result;
}

/** Stores a result and its audit entry together; returns it with its id. */
export function recordGate(store: Store, result: GateResult): GateResult {
  const { id: _unsaved, ...fields } = result;
  const against = fields.against.version === null ? null : formatModelRef(fields.model, fields.against.version);
  return store.transaction(() => {
    const r = store.db
      .prepare('INSERT INTO gate_results (model, candidate, against, passed, result_json, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(fields.model, fields.candidate, against, fields.passed ? 1 : 0, toJsonText(fields), fields.actor, fields.at);
    const id = Number(r.lastInsertRowid);
    appendAudit(store, {
      action: 'gate.evaluated',
      object: fields.candidate,
      actor: fields.actor,
      at: fields.at,
      details: {
        gateId: id,
        model: fields.model,
        against: { alias: fields.against.alias, version: fields.against.version },
        passed: fields.passed,
        failed: fields.metrics.filter((m) => !m.passed).map((m) => m.metric),
        ...(fields.allowedDifferentData ? { allowedDifferentData: true } : {}),
      },
    });
    return { ...fields, id };
  });
}

/** A stored result by id (an alias event's gate), or undefined. */
export function getGateResult(store: Store, id: number): GateResult | undefined {
  const row = store.db.prepare('SELECT id, result_json FROM gate_results WHERE id = ?').get<{ id: number; result_json: string }>(id);
  return row ? { ...parseGateJson(row.result_json), id: Number(row.id) } : undefined;
}

/** A model's stored results, newest first. */
export function listGateResults(store: Store, model: string, limit = 50): GateResult[] {
  return store.db
    .prepare('SELECT id, result_json FROM gate_results WHERE model = ? ORDER BY at DESC, id DESC LIMIT ?')
    .all<{ id: number; result_json: string }>(model, limit)
    .map((row) => ({ ...parseGateJson(row.result_json), id: Number(row.id) }));
}
