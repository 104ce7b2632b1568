import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { CompareRow } from '../../../src/shared/compareData';
import { sortRows } from '../../../webview/compare/tableSort';

const row = (id: string, measured?: { cost?: number; cpu?: number }): CompareRow => ({
  id,
  name: id,
  experiment: 'train',
  status: 'finished',
  params: {},
  metrics: {},
  ...(measured?.cpu !== undefined ? { cpuSeconds: measured.cpu } : {}),
  ...(measured?.cost !== undefined ? { cost: { amount: measured.cost, currency: 'USD' } } : {}),
});

test('sorting by cost or CPU time orders by the amount; runs without one go last either way', () => {
  const rows = [row('old'), row('dear', { cost: 0.3, cpu: 20 }), row('cheap', { cost: 0.01, cpu: 40 }), row('mid', { cost: 0.1, cpu: 5 })];
  assert.deepEqual(sortRows(rows, { kind: 'usage', key: 'cost', descending: false }).map((r) => r.id), ['cheap', 'mid', 'dear', 'old']);
  assert.deepEqual(sortRows(rows, { kind: 'usage', key: 'cost', descending: true }).map((r) => r.id), ['dear', 'mid', 'cheap', 'old']);
  assert.deepEqual(sortRows(rows, { kind: 'usage', key: 'cpu', descending: false }).map((r) => r.id), ['mid', 'dear', 'cheap', 'old']);
});
