import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendAudit } from '../../../src/core/audit/appendAudit';
import { auditEntries, auditHead, auditJsonLine, listAudit } from '../../../src/core/audit/auditQuery';
import { entryHash } from '../../../src/core/audit/entryHash';
import { GENESIS_HASH, type AuditEntry } from '../../../src/core/audit/types';
import { verifyAudit, verifyAuditEntries } from '../../../src/core/audit/verifyAudit';
import { RegistryError } from '../../../src/core/registry/types';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

/** A store with `n` entries, r1..rn created by Ann. */
function logOf(n: number): Store {
  const store = Store.open(tempWorkspace());
  for (let i = 1; i <= n; i++) appendAudit(store, { action: 'run.created', object: `r${i}`, actor: 'Ann <ann@example.com>', at: 1000 * i, details: { i } });
  return store;
}

/** Going around the append-only triggers, as someone with the file and the sqlite3 shell could. */
function dropTriggers(store: Store): void {
  store.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

function failure(v: ReturnType<typeof verifyAudit>) {
  assert.equal(v.ok, false, 'verify should fail');
  return v;
}

test('an untouched log verifies, with its entry count and head', () => {
  const store = logOf(5);
  try {
    const v = verifyAudit(store);
    assert.deepEqual(v, { ok: true, entries: 5, head: auditHead(store)!.hash });
    assert.deepEqual(verifyAudit(Store.open(tempWorkspace())), { ok: true, entries: 0, head: GENESIS_HASH });
  } finally {
    store.close();
  }
});

test('the triggers refuse UPDATE and DELETE through the normal connection, and nothing changes', () => {
  const store = logOf(3);
  try {
    assert.throws(() => store.db.exec("UPDATE audit_log SET reason = 'edited' WHERE seq = 2"), /append-only: entries cannot be changed/);
    assert.throws(() => store.db.exec('DELETE FROM audit_log WHERE seq = 2'), /append-only: entries cannot be deleted/);
    assert.throws(() => store.db.exec('DELETE FROM audit_log'), /append-only/);
    assert.equal(listAudit(store).length, 3);
    assert.equal(verifyAudit(store).ok, true);
  } finally {
    store.close();
  }
});

test('an edited entry is named: its hash no longer matches its contents', () => {
  const store = logOf(5);
  try {
    dropTriggers(store);
    store.db.exec("UPDATE audit_log SET actor = 'Mallory' WHERE seq = 3");
    const v = failure(verifyAudit(store));
    assert.deepEqual(v.firstBad, { seq: 3, problem: 'hash' });
    assert.match(v.message, /Entry 3 \(run\.created r3\) was changed after it was written/);
  } finally {
    store.close();
  }
});

test('edited details, even made unreadable, are caught at that entry', () => {
  const store = logOf(4);
  try {
    dropTriggers(store);
    store.db.exec(`UPDATE audit_log SET details_json = '{"i":20}' WHERE seq = 2`);
    assert.deepEqual(failure(verifyAudit(store)).firstBad, { seq: 2, problem: 'hash' });
    store.db.exec(`UPDATE audit_log SET details_json = '{"i":2' WHERE seq = 2`);
    assert.deepEqual(failure(verifyAudit(store)).firstBad, { seq: 2, problem: 'hash' });
  } finally {
    store.close();
  }
});

test('a deleted entry is named by the gap it leaves', () => {
  const store = logOf(5);
  try {
    dropTriggers(store);
    store.db.exec('DELETE FROM audit_log WHERE seq = 3');
    const v = failure(verifyAudit(store));
    assert.deepEqual(v.firstBad, { seq: 4, problem: 'sequence' });
    assert.match(v.message, /Entry 4 follows entry 2: entry 3 is missing \(deleted\)/);
    store.db.exec('DELETE FROM audit_log WHERE seq = 1');
    assert.match(failure(verifyAudit(store)).message, /Entry 2 follows the start of the log: entry 1 is missing/);
  } finally {
    store.close();
  }
});

test('a deleted entry whose successors were renumbered is named by the broken link', () => {
  const store = logOf(5);
  try {
    dropTriggers(store);
    store.db.exec('DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = seq - 1 WHERE seq > 3;');
    const v = failure(verifyAudit(store));
    assert.deepEqual(v.firstBad, { seq: 3, problem: 'prev-hash' });
    assert.match(v.message, /does not link to entry 2/);
  } finally {
    store.close();
  }
});

test('reordered rows are named where the order breaks', () => {
  const store = logOf(5);
  try {
    dropTriggers(store);
    // Swap entries 2 and 4: every column moves but the sequence number, which orders the log.
    store.db.exec(`
      UPDATE audit_log SET seq = -2 WHERE seq = 2;
      UPDATE audit_log SET seq = 2 WHERE seq = 4;
      UPDATE audit_log SET seq = 4 WHERE seq = -2;`);
    const v = failure(verifyAudit(store));
    assert.deepEqual(v.firstBad, { seq: 2, problem: 'prev-hash' });
    assert.match(v.message, /Entry 2 \(run\.created r4\) does not link to entry 1.*reordered/);
  } finally {
    store.close();
  }
});

test('a rewritten chain (hashes recomputed) passes alone but not against a head kept elsewhere', () => {
  const store = logOf(5);
  try {
    const kept = auditHead(store)!.hash;
    dropTriggers(store);
    // Rewrite entry 3's reason and recompute every hash from there: a consistent forgery.
    store.db.exec("UPDATE audit_log SET reason = 'approved by the board' WHERE seq = 3");
    let prev = [...auditEntries(store)][1].hash;
    for (const e of [...auditEntries(store)].slice(2)) {
      const hash = entryHash(prev, e);
      store.db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, e.seq);
      prev = hash;
    }
    assert.equal(verifyAudit(store).ok, true);
    const v = failure(verifyAudit(store, { head: kept }));
    assert.deepEqual(v.firstBad, { seq: 5, problem: 'head' });
    assert.match(v.message, new RegExp(`No entry of the log has the head ${kept.slice(0, 12)}`));
  } finally {
    store.close();
  }
});

test('a head kept before later appends still verifies; a deleted tail or a foreign head does not', () => {
  const store = logOf(3);
  try {
    const kept = auditHead(store)!.hash;
    appendAudit(store, { action: 'run.finished', object: 'r3' });
    assert.deepEqual(verifyAudit(store, { head: kept.toUpperCase() }), { ok: true, entries: 4, head: auditHead(store)!.hash });
    assert.equal(verifyAudit(store, { head: GENESIS_HASH }).ok, true);
    assert.equal(failure(verifyAudit(store, { head: 'ab'.repeat(32) })).firstBad.problem, 'head');
    const latest = auditHead(store)!.hash;
    dropTriggers(store);
    // The last entry removed leaves no gap: only the head catches it.
    store.db.exec('DELETE FROM audit_log WHERE seq = 4');
    assert.equal(verifyAudit(store).ok, true);
    assert.deepEqual(failure(verifyAudit(store, { head: latest })).firstBad, { seq: 3, problem: 'head' });
  } finally {
    store.close();
  }
});

test('a head that is not 64 hex digits is bad input', () => {
  const store = logOf(1);
  try {
    assert.throws(() => verifyAudit(store, { head: 'abc' }), (err: unknown) => err instanceof RegistryError && /--head "abc" is not an audit head/.test(err.message));
  } finally {
    store.close();
  }
});

test('a JSON Lines export re-verifies on its own, and an edited line is named', () => {
  const store = logOf(4);
  try {
    appendAudit(store, { action: 'store.gc', object: 'store', details: { bytes: 1.5e21, note: 'é€😀', nested: { b: [1, null], a: true } } });
    const lines = [...auditEntries(store)].map(auditJsonLine);
    const read = (ls: string[]) => ls.map((l) => JSON.parse(l) as AuditEntry);
    assert.deepEqual(verifyAuditEntries(read(lines)), { ok: true, entries: 5, head: auditHead(store)!.hash });
    const edited = [...lines];
    edited[4] = edited[4].replace('"bytes":1.5e+21', '"bytes":1.4e+21');
    assert.notEqual(edited[4], lines[4]);
    assert.deepEqual(failure(verifyAuditEntries(read(edited))).firstBad, { seq: 5, problem: 'hash' });
  } finally {
    store.close();
  }
});

test('listAudit filters by time, object, object family and action; limit keeps the most recent, oldest first', () => {
  const store = logOf(0);
  try {
    const add = (action: 'run.created' | 'dataset.versioned' | 'model.registered', object: string, at: number) => appendAudit(store, { action, object, at });
    add('run.created', 'r1', 1000);
    add('dataset.versioned', 'train@1', 2000);
    add('dataset.versioned', 'train:a.csv@2', 3000);
    add('dataset.versioned', 'train_x@1', 3500);
    add('model.registered', 'churn@1', 4000);
    add('dataset.versioned', 'train@3', 5000);
    const objects = (f: Parameters<typeof listAudit>[1]) => listAudit(store, f).map((e) => e.object);
    assert.deepEqual(objects({ since: 3000 }), ['train:a.csv@2', 'train_x@1', 'churn@1', 'train@3']);
    assert.deepEqual(objects({ object: 'train@1' }), ['train@1']);
    assert.deepEqual(objects({ objectFamily: 'train' }), ['train@1', 'train:a.csv@2', 'train@3']);
    assert.deepEqual(objects({ objectFamily: 'train_' }), []);
    assert.deepEqual(objects({ action: 'dataset.versioned', limit: 2 }), ['train_x@1', 'train@3']);
    assert.deepEqual(objects({ action: 'model.registered' }), ['churn@1']);
    assert.deepEqual(listAudit(store, { limit: 1 })[0].seq, 6);
  } finally {
    store.close();
  }
});

test('auditEntries reads every entry in order across pages', () => {
  const store = logOf(23);
  try {
    assert.deepEqual([...auditEntries(store, 5)].map((e) => e.seq), Array.from({ length: 23 }, (_, i) => i + 1));
  } finally {
    store.close();
  }
});
