// Compare contract: two runs seeded through core open in VS Code's diff editor as mlops-run:
// documents that differ on the param line, follow the store, and open in the Compare panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Store } from '../../src/core/store/store';
import { insertMetrics } from '../../src/core/tracking/metricRecords';
import { newRunId } from '../../src/core/tracking/runId';
import { insertRun, updateRun } from '../../src/core/tracking/runRecords';
import { activateExtension, waitFor, workspaceUri } from './support';

suite('compare', () => {
  let store: Store;
  const t0 = Date.now() - 60_000;
  const older = newRunId(t0);
  const newer = newRunId(t0 + 1000);

  suiteSetup(async () => {
    await activateExtension();
    // A second connection to the same store, as the CLI or a launcher would have: WAL allows it.
    store = Store.open(workspaceUri().fsPath);
    for (const [id, lr, auc, at] of [[older, 0.1, 0.81, t0], [newer, 0.01, 0.86, t0 + 1000]] as const) {
      insertRun(store, { id, name: `cmp-${lr}`, experiment: 'compare-test', status: 'finished', command: 'python3 train.py', cwd: '.', params: { lr, epochs: 10 }, createdAt: at, startedAt: at, endedAt: at + 500, exitCode: 0 });
      insertMetrics(store, id, [{ key: 'val/auc', step: 0, value: auc, timestamp: at }]);
    }
  });

  suiteTeardown(() => store?.close());

  const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  const runDiffTab = () =>
    allTabs().find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.scheme === 'mlops-run' && t.input.modified.scheme === 'mlops-run');

  test('Compare in Editor opens a diff editor of two mlops-run documents that differ on the param line', async () => {
    // Newest first, as the tree lists them: the older run must still land on the left.
    await vscode.commands.executeCommand('mlops.compareInEditor', [newer, older]);
    const tab = await waitFor(() => `a diff tab of two mlops-run: documents (tabs: ${allTabs().map((t) => t.label).join(', ')})`, runDiffTab);
    const input = tab.input as vscode.TabInputTextDiff;
    assert.ok(input.original.path.startsWith(`/${older}/`), `left side is ${input.original.toString()}`);
    assert.ok(input.modified.path.startsWith(`/${newer}/`), `right side is ${input.modified.toString()}`);
    const [left, right] = await Promise.all([vscode.workspace.openTextDocument(input.original), vscode.workspace.openTextDocument(input.modified)]);
    // Long lines (a git diff, a command) wrap: the documents' language carries that default.
    assert.deepEqual([left.languageId, right.languageId], ['mlops-run', 'mlops-run']);
    assert.equal(vscode.workspace.getConfiguration('editor', right).get('wordWrap'), 'on');
    assert.equal(vscode.workspace.getConfiguration('diffEditor', right).get('wordWrap'), 'inherit', 'the diff editor follows the language default');
    const lrLine = (doc: vscode.TextDocument) => doc.getText().split('\n').findIndex((l) => /^lr\s+=/.test(l));
    const line = lrLine(left);
    assert.ok(line >= 0, `no lr line in:\n${left.getText()}`);
    assert.equal(lrLine(right), line, 'the param sits on the same line on both sides');
    assert.match(left.lineAt(line).text, /= 0\.1$/);
    assert.match(right.lineAt(line).text, /= 0\.01$/);
    const epochs = left.getText().split('\n').findIndex((l) => /^epochs\s+=/.test(l));
    assert.equal(left.lineAt(epochs).text, right.lineAt(epochs).text, 'an equal param is an equal line');
  });

  test('an open run document follows the store', async () => {
    const tab = await waitFor('the diff tab from the previous test', runDiffTab);
    const uri = (tab.input as vscode.TabInputTextDiff).original;
    updateRun(store, older, { note: 'retrained after the data fix' });
    // The store watcher notices the write and the provider re-reads the open document.
    await waitFor('the note to appear in the open document', async () => (await vscode.workspace.openTextDocument(uri)).getText().includes('retrained after the data fix'), 15_000);
  });

  test('Compare Runs opens the compare panel', async () => {
    await vscode.commands.executeCommand('mlops.compareRuns', [older, newer]);
    await waitFor(() => `a tab "Compare 2 Runs" (tabs: ${allTabs().map((t) => t.label).join(', ')})`, () =>
      allTabs().find((t) => t.label === 'Compare 2 Runs' && t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlops.compare')));
  });

  test('the code comparison document says why runs without a commit have no code to compare', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'mlops-git', path: `/compare/${older}/${newer}/code.diff`, query: `runs=${older},${newer}` }));
    assert.equal(doc.languageId, 'diff');
    assert.match(doc.getText(), /has no git commit recorded|not in a git repository/);
  });
});
