import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseOverviewToHost, parseOverviewToWebview } from '../../../src/shared/protocol';

const data = {
  counts: { runs: 2, runningRuns: 0, datasets: 1, datasetVersions: 3, models: 1, modelVersions: 2 },
  runsPerDay: [{ day: '2026-11-27', status: 'finished', runs: 2 }],
  generatedAt: '2026-11-27T10:00:00.000Z',
};

test('valid messages pass in both directions', () => {
  assert.deepEqual(parseOverviewToHost({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseOverviewToHost({ type: 'runCommand', command: 'mlops.doctor' }), { type: 'runCommand', command: 'mlops.doctor' });
  assert.ok(parseOverviewToWebview({ type: 'overview', data, hasConfig: true }));
  assert.ok(parseOverviewToWebview({ type: 'error', message: 'x' }));
});

test('unknown, malformed or over-wide messages are dropped', () => {
  for (const bad of [
    null,
    'ready',
    [],
    {},
    { type: 'nope' },
    { type: 'toString' },
    { type: 'ready', extra: 1 },
    { type: 'runCommand', command: 'workbench.action.terminal.sendSequence' },
    { type: 'runCommand' },
  ]) {
    assert.equal(parseOverviewToHost(bad), undefined, JSON.stringify(bad));
  }
  assert.equal(parseOverviewToWebview({ type: 'overview', data: { ...data, counts: { ...data.counts, runs: -1 } }, hasConfig: true }), undefined);
  assert.equal(parseOverviewToWebview({ type: 'overview', data: { ...data, runsPerDay: [{ day: 'tomorrow', status: 'x', runs: 1 }] }, hasConfig: true }), undefined);
  assert.equal(parseOverviewToWebview({ type: 'overview', data }), undefined);
});
