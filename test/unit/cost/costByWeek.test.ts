import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costByWeek, weekStart } from '../../../src/core/cost/costByWeek';
import { Store } from '../../../src/core/store/store';
import { insertRun, updateRun } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

const at = (iso: string) => Date.parse(iso);

test('weekStart: Monday 00:00 UTC, a Monday and a Sunday on either side of it', () => {
  assert.equal(weekStart(at('2026-12-09T12:00:00Z')), at('2026-12-07T00:00:00Z'));
  assert.equal(weekStart(at('2026-12-07T00:00:00Z')), at('2026-12-07T00:00:00Z'));
  assert.equal(weekStart(at('2026-12-06T23:59:59Z')), at('2026-11-30T00:00:00Z'));
  assert.equal(weekStart(at('2027-01-01T08:00:00Z')), at('2026-12-28T00:00:00Z'));
});

test('costByWeek: each run in the week it ended, empty weeks as zeros, older and unfinished runs left out', () => {
  const store = Store.open(tempWorkspace());
  const run = (id: string, endedAt: number | undefined, cost: number | undefined, cpuSeconds: number | undefined) => {
    insertRun(store, { id, name: id, experiment: 'e', status: 'running', command: 'x', cwd: '.', params: {}, createdAt: at('2026-11-01T00:00:00Z') });
    updateRun(store, id, { ...(endedAt !== undefined ? { status: 'finished', endedAt } : {}), cost, cpuSeconds, currency: cost !== undefined ? 'USD' : undefined });
  };
  run('monday-midnight', at('2026-12-07T00:00:00Z'), 1.5, 3600);
  run('tuesday', at('2026-12-08T10:00:00Z'), 0.5, 0);
  run('sunday-late', at('2026-12-06T23:59:59Z'), 0.25, 1800);
  run('unpriced', at('2026-11-23T00:00:00Z'), undefined, 7200);
  run('too-old', at('2026-11-22T23:59:59Z'), 100, 3600);
  run('still-running', undefined, undefined, 900);
  assert.deepEqual(costByWeek(store, 3, at('2026-12-09T12:00:00Z')), [
    { week: '2026-11-23', cost: 0, cpuHours: 2 },
    { week: '2026-11-30', cost: 0.25, cpuHours: 0.5 },
    { week: '2026-12-07', cost: 2, cpuHours: 1 },
  ]);
  assert.deepEqual(costByWeek(store, 1, at('2026-12-20T12:00:00Z')), [{ week: '2026-12-14', cost: 0, cpuHours: 0 }]);
});
