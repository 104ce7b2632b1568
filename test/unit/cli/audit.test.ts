// `mlops audit` as a user runs it: the built CLI (node esbuild.js first) in real child processes over
// a real store whose log was written by appendAudit.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { appendAudit } from '../../../src/core/audit/appendAudit';
import { parseSince } from '../../../src/cli/commands/audit';
import { UsageError } from '../../../src/cli/command';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

const DAY = 86_400_000;

function workspace(): string {
  const root = tempWorkspace('mlops-audit-cli-');
  fs.writeFileSync(path.join(root, 'mlops.json'), '{}\n');
  const store = Store.open(root);
  const now = Date.now();
  const add = (action: Parameters<typeof appendAudit>[1]['action'], object: string, at: number, reason = '') => appendAudit(store, { action, object, at, reason, actor: 'Ada <ada@example.com>' });
  add('dataset.versioned', 'train@1', now - 10 * DAY);
  add('run.created', '01jrun', now - 9 * DAY);
  add('model.registered', 'churn@1', now - 3 * DAY);
  add('model.alias-moved', 'churn@champion', now - 2 * DAY, 'beats baseline on AUC');
  add('dataset.versioned', 'train@2', now - 1000);
  store.close();
  return root;
}

function tamper(root: string, sql: string): void {
  const store = Store.open(root);
  store.db.exec(`DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ${sql}`);
  store.close();
}

test('mlops audit: a table of entries, filtered by time, object family and action, and as JSON', () => {
  const root = workspace();
  const all = mlops(['audit'], root);
  assert.equal(all.code, 0, all.stderr);
  const lines = all.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^SEQ\s+TIME\s+WHO\s+ACTION\s+OBJECT\s+REASON$/);
  assert.equal(lines.length, 6);
  assert.match(lines[4], /^4\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s+Ada <ada@example\.com>\s+model\.alias-moved\s+churn@champion\s+beats baseline on AUC$/);
  const objects = (args: string[]) => (JSON.parse(mlops(['audit', ...args, '--json'], root).stdout) as Array<{ object: string }>).map((e) => e.object);
  assert.deepEqual(objects(['--since', '5d']), ['churn@1', 'churn@champion', 'train@2']);
  assert.deepEqual(objects(['--object', 'train']), ['train@1', 'train@2']);
  assert.deepEqual(objects(['--object', 'churn', '--action', 'model.alias-moved']), ['churn@champion']);
  assert.deepEqual(objects(['list', '--limit', '2']), ['churn@champion', 'train@2']);
  const json = JSON.parse(mlops(['audit', '--json', '--limit', '1'], root).stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(Object.keys(json[0]).sort(), ['action', 'actor', 'at', 'details', 'hash', 'object', 'prevHash', 'reason', 'seq', 'time']);
  const none = mlops(['audit', '--object', 'nothing'], root);
  assert.equal(none.code, 0);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /No audit entries match/);
});

test('mlops audit: bad filters exit 2 naming the option and the fix', () => {
  const root = workspace();
  for (const [args, pattern] of [
    [['--since', 'last tuesday'], /--since "last tuesday" is neither a date nor a duration/],
    [['--action', 'model.moved'], /--action "model\.moved" is not an audit action[\s\S]*model\.alias-moved/],
    [['--limit', '0'], /--limit "0" is not a positive whole number/],
    [['frobnicate'], /Unknown "audit frobnicate"/],
    [['verify', '--head', 'xyz'], /--head "xyz" is not an audit head: give the 64 hex digits/],
    [['verify', '--from', 'missing.jsonl'], /--from .*missing\.jsonl does not exist/],
  ] as Array<[string[], RegExp]>) {
    const r = mlops(['audit', ...args], root);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
  }
});

test('parseSince: durations back from now, dates as UTC', () => {
  assert.equal(parseSince('6h', 10 * DAY), 10 * DAY - 6 * 3_600_000);
  assert.equal(parseSince('2026-12-01'), Date.UTC(2026, 11, 1));
  assert.equal(parseSince('2026-12-01T09:30Z'), Date.UTC(2026, 11, 1, 9, 30));
  assert.throws(() => parseSince('yesterday'), UsageError);
  assert.throws(() => parseSince('2026-13-45'), UsageError);
});

test('mlops audit verify: exit 0 with the count and head; exit 1 naming an edited, a deleted, a reordered entry', () => {
  const ok = mlops(['audit', 'verify'], workspace());
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^The audit log verifies: 5 entries, every hash recomputed; head [0-9a-f]{64}\.$/m);

  const edited = workspace();
  tamper(edited, "UPDATE audit_log SET reason = 'approved' WHERE seq = 4");
  const e = mlops(['audit', 'verify'], edited);
  assert.equal(e.code, 1);
  assert.match(e.stdout, /failed at entry 4 \(hash\): Entry 4 \(model\.alias-moved churn@champion\) was changed after it was written/);
  assert.deepEqual((JSON.parse(mlops(['audit', 'verify', '--json'], edited).stdout) as { firstBad: unknown }).firstBad, { seq: 4, problem: 'hash' });

  const deleted = workspace();
  tamper(deleted, 'DELETE FROM audit_log WHERE seq = 2');
  const d = mlops(['audit', 'verify'], deleted);
  assert.equal(d.code, 1);
  assert.match(d.stdout, /failed at entry 3 \(sequence\): Entry 3 follows entry 1: entry 2 is missing \(deleted\)/);

  const reordered = workspace();
  tamper(reordered, 'UPDATE audit_log SET seq = -1 WHERE seq = 1; UPDATE audit_log SET seq = 1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = -1;');
  const r = mlops(['audit', 'verify'], reordered);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /failed at entry 1 \(prev-hash\)/);
});

test('mlops audit head and verify --head: a head kept elsewhere catches a truncated log; later appends are fine', () => {
  const root = workspace();
  const h = mlops(['audit', 'head'], root);
  assert.equal(h.code, 0, h.stderr);
  const kept = h.stdout.trim();
  assert.match(kept, /^[0-9a-f]{64}$/);
  assert.deepEqual(JSON.parse(mlops(['audit', 'head', '--json'], root).stdout), { seq: 5, hash: kept });
  const store = Store.open(root);
  appendAudit(store, { action: 'run.finished', object: '01jrun' });
  store.close();
  const still = mlops(['audit', 'verify', '--head', kept], root);
  assert.equal(still.code, 0, still.stdout);
  assert.match(still.stdout, /6 entries.*still holds the head kept elsewhere/);
  tamper(root, 'DELETE FROM audit_log WHERE seq >= 5');
  assert.equal(mlops(['audit', 'verify'], root).code, 0, 'a cut tail leaves no gap');
  const cut = mlops(['audit', 'verify', '--head', kept], root);
  assert.equal(cut.code, 1);
  assert.match(cut.stdout, /failed at entry 4 \(head\): No entry of the log has the head/);
});

test('mlops audit export: JSON Lines to stdout or a file, re-verified with verify --from, an edited line caught', () => {
  const root = workspace();
  const out = mlops(['audit', 'export'], root);
  assert.equal(out.code, 0, out.stderr);
  const lines = out.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 5);
  assert.deepEqual(Object.keys(JSON.parse(lines[0]) as object), ['seq', 'at', 'actor', 'action', 'object', 'reason', 'details', 'prevHash', 'hash']);
  const toFile = mlops(['audit', 'export', '--to', 'audit.jsonl'], root);
  assert.equal(toFile.code, 0, toFile.stderr);
  assert.match(toFile.stderr, /Wrote 5 audit entries to audit\.jsonl \(head [0-9a-f]{64}\)/);
  assert.equal(fs.readFileSync(path.join(root, 'audit.jsonl'), 'utf8'), out.stdout);
  assert.deepEqual(fs.readdirSync(root).filter((f) => f.includes('mlops-tmp')), []);
  const v = mlops(['audit', 'verify', '--from', 'audit.jsonl'], root);
  assert.equal(v.code, 0, v.stdout);
  assert.match(v.stdout, /^audit\.jsonl verifies: 5 entries/);
  fs.writeFileSync(path.join(root, 'edited.jsonl'), out.stdout.replace('beats baseline on AUC', 'approved by the board'));
  const bad = mlops(['audit', 'verify', '--from', 'edited.jsonl'], root);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /failed at entry 4 \(hash\)/);
  fs.writeFileSync(path.join(root, 'junk.jsonl'), lines[0] + '\nnot json\n');
  const junk = mlops(['audit', 'verify', '--from', 'junk.jsonl'], root);
  assert.equal(junk.code, 2);
  assert.match(junk.stderr, /junk\.jsonl line 2 is not JSON/);
  fs.mkdirSync(path.join(root, 'reports'));
  assert.match(mlops(['audit', 'export', '--to', 'reports'], root).stderr, /--to reports is a folder/);
});
