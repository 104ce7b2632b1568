// The Audit Log panel's paging and filtering over 10,000 entries, as the host runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_PAGE_SIZE, auditPage, pageOfEntry } from '../../../src/shared/auditData';
import { parseAuditToHost, parseAuditToWebview } from '../../../src/shared/protocol';

const actions = ['run.created', 'run.finished', 'model.registered', 'model.alias-moved'];
const entries = Array.from({ length: 10_000 }, (_, i) => ({
  seq: i + 1,
  at: 1_700_000_000_000 + i * 60_000,
  actor: i % 3 ? 'Ada <ada@example.com>' : 'ci-bot',
  action: actions[i % 4],
  object: i % 4 >= 2 ? `churn@${(i % 7) + 1}` : `run-${i}`,
  reason: i % 4 === 3 ? `promote after review ${i}` : '',
  details: i % 4 === 3 ? { oldVersion: 1, newVersion: 2 } : {},
  hash: i.toString(16).padStart(64, '0'),
}));

test('newest first, a page at a time, the last page clamped', () => {
  const first = auditPage(entries, {}, 0, null);
  assert.equal(first.rows.length, AUDIT_PAGE_SIZE);
  assert.equal(first.rows[0].seq, 10_000);
  assert.equal(first.total, 10_000);
  assert.equal(first.matching, 10_000);
  const beyond = auditPage(entries, {}, 1_000_000, null);
  assert.equal(beyond.offset, 9_800);
  assert.equal(beyond.rows.at(-1)!.seq, 1);
  assert.deepEqual(first.actions, [...actions].sort());
  assert.deepEqual(first.actors, ['Ada <ada@example.com>', 'ci-bot']);
});

test('every filter field narrows, case-insensitively, and they combine', () => {
  const moved = auditPage(entries, { action: 'model.alias-moved' }, 0, null);
  assert.equal(moved.matching, 2_500);
  assert.ok(moved.rows.every((r) => r.action === 'model.alias-moved'));
  const churn3 = auditPage(entries, { object: 'CHURN@3' }, 0, null);
  assert.ok(churn3.matching > 0 && churn3.rows.every((r) => r.object === 'churn@3'));
  const bot = auditPage(entries, { actor: 'bot', action: 'run.created' }, 0, null);
  assert.ok(bot.rows.every((r) => r.actor === 'ci-bot' && r.action === 'run.created'));
  const since = entries[9_000].at;
  assert.equal(auditPage(entries, { since }, 0, null).matching, 1_000);
  const text = auditPage(entries, { text: 'review 9999' }, 0, null);
  assert.deepEqual(text.rows.map((r) => r.seq), [10_000]);
  assert.equal(text.rows[0].details, '{"oldVersion":1,"newVersion":2}');
  assert.equal(auditPage(entries, { text: 'newVersion' }, 0, null).matching, 2_500, 'the details are searched');
});

test('pageOfEntry finds the page holding an entry, or says the filter hides it', () => {
  assert.equal(pageOfEntry(entries, {}, 10_000), 0);
  assert.equal(pageOfEntry(entries, {}, 1), 9_800);
  assert.equal(pageOfEntry(entries, {}, 9_800), 200);
  assert.equal(pageOfEntry(entries, { action: 'run.created' }, 2), undefined);
});

test('the protocol passes a page and a verification, and refuses a malformed query', () => {
  const page = auditPage(entries.slice(0, 5), {}, 0, { ok: false, entries: 5, seq: 3, problem: 'hash', message: 'entry 3 was edited' });
  assert.ok(parseAuditToWebview({ type: 'audit', page, highlight: 3 }));
  assert.ok(parseAuditToWebview({ type: 'audit', page: { ...page, verification: { ok: true, entries: 5, head: 'ab' } }, highlight: null }));
  assert.equal(parseAuditToWebview({ type: 'audit', page: { ...page, verification: { ok: 'yes' } }, highlight: null }), undefined);
  assert.ok(parseAuditToHost({ type: 'query', filter: { action: 'run.created', since: 5 }, offset: 200 }));
  assert.equal(parseAuditToHost({ type: 'query', filter: { sql: 'DROP' }, offset: 0 }), undefined);
  assert.equal(parseAuditToHost({ type: 'query', filter: {}, offset: -1 }), undefined);
});
