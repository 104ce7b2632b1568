// "MLOps: Suggest Expectations" in the real extension host: a profile off the UI thread becomes a
// proposal shown in a diff against mlops.json; Apply edits mlops.json (saved, reloaded, valid) and
// closes the diff; a second run proposes nothing; Discard leaves mlops.json as it was.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceUri } from './support';

const SCHEME = 'mlops-suggest';
const TITLE = 'mlops.json ↔ Suggested expectations';

function reviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === SCHEME);
}

suite('suggest expectations', () => {
  test('the proposal holds the inferred expectations; Apply writes them into mlops.json, which reloads without problems', async () => {
    const api = await activateExtension();
    const root = workspaceUri().fsPath;
    const configFile = path.join(root, 'mlops.json');
    fs.writeFileSync(path.join(root, 'grades.csv'), 'id,grade,score\n1,a,0.5\n2,b,1.5\n3,a,\n');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    config.datasets = { ...config.datasets, grades: 'grades.csv' };
    config.expectations = { ...config.expectations, grades: [{ expect: 'between', column: 'score', min: 0, max: 2 }] };
    const before = JSON.stringify(config, null, 2) + '\n';
    fs.writeFileSync(configFile, before);
    await vscode.commands.executeCommand('mlops.refresh');
    await waitFor('mlops.json with grades loaded', () => api.configProblems().length === 0);

    // As from the Datasets tree's context menu: the dataset node is the argument.
    await vscode.commands.executeCommand('mlops.suggestExpectations', { kind: 'dataset', name: 'grades', declared: 'grades.csv', shape: 'file' });
    const tab = await waitFor('the review diff', () => reviewTabs()[0]);
    assert.equal(tab.label, TITLE);
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.fsPath, configFile, 'the diff compares mlops.json itself');
    const proposal = await vscode.workspace.openTextDocument(input.modified);
    // The review's long lines wrap, by its language's default, without touching the user's JSON settings.
    assert.equal(proposal.languageId, 'mlops-suggestion');
    assert.equal(vscode.workspace.getConfiguration('editor', proposal).get('wordWrap'), 'on');
    const proposed = (parse(proposal.getText()) as { expectations: Record<string, Record<string, unknown>[]> }).expectations.grades;
    assert.deepEqual(proposed, [
      { expect: 'between', column: 'score', min: 0, max: 2 },
      { expect: 'columnsExist', columns: ['id', 'grade', 'score'] },
      { expect: 'rowCountBetween', min: 1, max: 5 },
      { expect: 'type', column: 'id', type: 'integer' },
      { expect: 'notNull', column: 'id' },
      { expect: 'between', column: 'id', min: 1, max: 3 },
      { expect: 'notNull', column: 'grade' },
      { expect: 'inSet', column: 'grade', values: ['a', 'b'] },
      { expect: 'type', column: 'score', type: 'number' },
      { expect: 'notNull', column: 'score', mostly: 0.666, severity: 'warning' },
    ], 'the user\'s range on score is kept and no second one is proposed');
    assert.equal(fs.readFileSync(configFile, 'utf8'), before, 'nothing is written before Apply');
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(input.modified, Buffer.from('{}'))),
      'the proposal is a read-only document',
    );

    await vscode.commands.executeCommand('mlops.applySuggestedExpectations', input.modified);
    const written = await waitFor('mlops.json saved with the suggestions', () => {
      const text = fs.readFileSync(configFile, 'utf8');
      return text.includes('"columnsExist"') ? text : undefined;
    });
    assert.equal(written, proposal.getText(), 'what was applied is what was reviewed');
    assert.ok(written.startsWith(before.slice(0, before.indexOf('"grades": [') + '"grades": ['.length)), 'everything before the list is untouched');
    assert.equal(reviewTabs().length, 0, 'the diff is closed');
    // The editor learns of the save by an event that may come after the bytes are on disk.
    await waitFor('the edit to go through the editor and be saved', () => vscode.workspace.textDocuments.some((d) => d.uri.fsPath === configFile && !d.isDirty));
    await waitFor('the config reloaded without problems', () => api.configProblems().length === 0);

    // The suggestions hold on the data they came from: Validate Data finds nothing.
    await vscode.commands.executeCommand('mlops.validateData', 'grades');
    const diagnostics = vscode.languages.getDiagnostics(vscode.Uri.file(path.join(root, 'grades.csv'))).filter((d) => d.source === 'MLOps data quality');
    assert.deepEqual(diagnostics.map((d) => d.message), []);

    // Nothing new to propose: no diff opens and mlops.json stays as it is.
    await vscode.commands.executeCommand('mlops.suggestExpectations', 'grades');
    assert.equal(reviewTabs().length, 0);
    assert.equal(fs.readFileSync(configFile, 'utf8'), written);
  });

  test('Discard closes the review and leaves mlops.json as it was', async () => {
    await activateExtension();
    const root = workspaceUri().fsPath;
    const configFile = path.join(root, 'mlops.json');
    // A new column: one more type, notNull and range to propose.
    fs.writeFileSync(path.join(root, 'grades.csv'), 'id,grade,score,age\n1,a,0.5,30\n2,b,1.5,41\n3,a,,52\n');
    const before = fs.readFileSync(configFile, 'utf8');
    await vscode.commands.executeCommand('mlops.suggestExpectations', 'grades');
    const tab = await waitFor('the review diff', () => reviewTabs()[0]);
    const proposal = await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).modified);
    assert.match(proposal.getText(), /\{"expect": "between", "column": "age", "min": 30, "max": 52\}/);
    const list = (parse(proposal.getText()) as { expectations: Record<string, { expect: string; column?: string }[]> }).expectations.grades;
    assert.equal(list.filter((e) => e.expect === 'between' && e.column === 'id').length, 1, 'nothing doubled');
    await vscode.commands.executeCommand('mlops.discardSuggestedExpectations');
    await waitFor('the review diff closed', () => reviewTabs().length === 0);
    assert.equal(fs.readFileSync(configFile, 'utf8'), before);
  });

  test('with unsaved edits in mlops.json: proposed on the editor\'s text, applied there unsaved, and Undo takes it back', async () => {
    await activateExtension();
    const root = workspaceUri().fsPath;
    const configFile = path.join(root, 'mlops.json');
    const onDisk = fs.readFileSync(configFile, 'utf8');
    // VS Code in the browser saves after a delay by default: unsaved edits need auto save off.
    const files = vscode.workspace.getConfiguration('files');
    const autoSave = files.inspect('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    try {
      await editUnsaved(configFile, onDisk);
    } finally {
      await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    }
  });
});

/** Unsaved edit, suggest, apply (stays unsaved), Undo, revert. */
async function editUnsaved(configFile: string, onDisk: string): Promise<void> {
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(configFile));
  await waitFor('the editor to hold the file as on disk', () => editor.document.getText() === onDisk);
  // An unsaved edit of the user's: the grades list loses its range on score.
  const range = /\{\s*"expect": "between",\s*"column": "score",\s*"min": 0,\s*"max": 2\s*\},\s*/.exec(onDisk);
  assert.ok(range, onDisk);
  await editor.edit((b) => b.delete(new vscode.Range(editor.document.positionAt(range.index), editor.document.positionAt(range.index + range[0].length))));
  const unsaved = editor.document.getText();
  assert.ok(editor.document.isDirty);

  await vscode.commands.executeCommand('mlops.suggestExpectations', 'grades');
  const tab = await waitFor('the review diff', () => reviewTabs()[0]);
  const proposal = (await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).modified)).getText();
  assert.match(proposal, /\{"expect": "between", "column": "score", "min": 0\.5, "max": 1\.5\}/, 'the range comes back, from the data');
  await vscode.commands.executeCommand('mlops.applySuggestedExpectations');
  await waitFor('the review diff closed', () => reviewTabs().length === 0);
  const document = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === configFile)!;
  assert.equal(document.getText(), proposal);
  assert.ok(document.isDirty, 'the user\'s unsaved edit is not saved for them');
  assert.equal(fs.readFileSync(configFile, 'utf8'), onDisk);

  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('undo');
  await waitFor('Undo to take the suggestions back', () => document.getText() === unsaved);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor('the editor reverted to the disk', () => !document.isDirty && document.getText() === onDisk);
}
