import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ageChangesAt, formatAge } from '../../../src/extension/views/relativeAge';

const T = 1_700_000_000_000;

test('formatAge: just now below a minute, then minutes, hours, days', () => {
  assert.equal(formatAge(T, T), 'just now');
  assert.equal(formatAge(T, T + 59_400), 'just now');
  assert.equal(formatAge(T, T + 90_000), '1m ago');
  assert.equal(formatAge(T, T + 2 * 3600_000), '2h ago');
  assert.equal(formatAge(T, T + 3 * 86_400_000), '3d ago');
  assert.equal(formatAge(T + 5000, T), 'just now'); // a clock ahead never shows a negative age
});

test('ageChangesAt is the first moment the label reads differently, never sooner', () => {
  for (const age of [0, 400, 1600, 30_000, 59_499, 59_500, 61_000, 3_599_000, 3_700_000, 86_000_000, 90_000_000, 5 * 86_400_000]) {
    const now = T + age;
    const at = ageChangesAt(T, now);
    assert.ok(at > now, `age ${age}: ${at} is after now`);
    assert.equal(formatAge(T, at - 1), formatAge(T, now), `age ${age}: unchanged until just before`);
    assert.notEqual(formatAge(T, at), formatAge(T, now), `age ${age}: changed at ${at - T}`);
  }
  // The period follows the age, and is never a second: a tree redrawn that often loses its context
  // menu's command. Up to a minute below an hour, up to an hour below a day.
  assert.ok(ageChangesAt(T, T + 10_000) - (T + 10_000) > 1000);
  assert.ok(ageChangesAt(T, T + 10_000) - (T + 10_000) <= 60_000);
  assert.ok(ageChangesAt(T, T + 600_000) - (T + 600_000) > 1000);
  assert.ok(ageChangesAt(T, T + 7200_000) - (T + 7200_000) > 60_000);
});
