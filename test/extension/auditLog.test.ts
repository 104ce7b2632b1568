// The Audit Log panel and Verify Audit Log in the editor: the panel pages the store's entries newest
// first; Verify reports the entry count and the head; after a row is edited around the triggers it
// names that entry and the panel highlights it. The row and the trigger are put back afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { appendAudit } from '../../src/core/audit/appendAudit';
import type { AuditVerification } from '../../src/core/audit/types';
import { Store } from '../../src/core/store/store';
import type { AuditShown } from '../../src/extension/panels/auditLogPanel';
import { activateExtension, waitFor, workspaceUri, type WorkbenchApi } from './support';

suite('audit log', () => {
  let api: WorkbenchApi;
  let store: Store;
  const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  const count = () => Number(store.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get<{ n: number }>()!.n);
  const head = () => store.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get<{ seq: number; hash: string }>()!;

  suiteSetup(async () => {
    api = await activateExtension();
    store = Store.open(workspaceUri().fsPath);
    // Entries of their own, whatever earlier suites wrote.
    for (let i = 0; i < 3; i++) appendAudit(store, { action: 'model.tagged', object: `audit-test@${i + 1}`, reason: `tagged ${i}`, details: { tags: { stage: String(i) } } });
  });
  suiteTeardown(() => store?.close());

  test('Show Audit Log opens the panel on the newest entries', async () => {
    const shown = await vscode.commands.executeCommand<AuditShown>('mlops.showAuditLog');
    assert.ok(shown, 'the command returned nothing');
    assert.equal(shown.total, count());
    assert.equal(shown.seqs[0], head().seq, 'newest first');
    assert.ok(shown.seqs.every((s, i) => i === 0 || s < shown.seqs[i - 1]), 'in descending order');
    await waitFor('a tab "MLOps Audit Log"', () => allTabs().find((t) => t.label === 'MLOps Audit Log' && t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlops.auditLog')));
  });

  test('a new entry reaches the open panel', async () => {
    const e = appendAudit(store, { action: 'model.tagged', object: 'audit-test@9', reason: 'late' });
    await waitFor(() => `entry ${e.seq} at the top of the panel (shown: ${JSON.stringify(api.auditShown()?.seqs.slice(0, 3))})`, () => api.auditShown()?.seqs[0] === e.seq);
  });

  test('Verify Audit Log reports the entry count and the head hash', async () => {
    const result = await vscode.commands.executeCommand<AuditVerification>('mlops.verifyAuditLog');
    assert.deepEqual(result, { ok: true, entries: count(), head: head().hash });
    assert.deepEqual(api.auditShown()?.verification, { ok: true, entries: count(), head: head().hash });
    assert.equal(api.auditShown()?.highlight, null);
  });

  test('an entry edited around the triggers is named by Verify and highlighted in the panel', async () => {
    const victim = store.db.prepare("SELECT seq, reason FROM audit_log WHERE object = 'audit-test@2'").get<{ seq: number; reason: string }>()!;
    const trigger = store.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'").get<{ sql: string }>()!.sql;
    store.db.exec('DROP TRIGGER audit_log_no_update');
    try {
      store.db.prepare('UPDATE audit_log SET reason = ? WHERE seq = ?').run('rewritten', victim.seq);
      const result = await vscode.commands.executeCommand<AuditVerification>('mlops.verifyAuditLog');
      assert.ok(result && !result.ok, `verify passed: ${JSON.stringify(result)}`);
      assert.equal(result.firstBad.seq, victim.seq);
      const shown = api.auditShown();
      assert.equal(shown?.highlight, victim.seq);
      assert.ok(shown?.seqs.includes(victim.seq), 'the page shown holds the bad entry');
      assert.equal(shown?.verification?.ok, false);
    } finally {
      store.db.prepare('UPDATE audit_log SET reason = ? WHERE seq = ?').run(victim.reason, victim.seq);
      store.db.exec(trigger);
    }
    const again = await vscode.commands.executeCommand<AuditVerification>('mlops.verifyAuditLog');
    assert.equal(again?.ok, true, 'the row put back verifies again');
  });
});
