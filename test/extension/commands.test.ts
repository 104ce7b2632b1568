// The command registry against the manifest: one table of commands, one namespace, trust-gated menus,
// no activation event VS Code infers, and a failing command reported with its stack in the Output channel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/commands/commandIds';
import { activateExtension, contributed, waitFor } from './support';

suite('commands', () => {
  test("the registry's table names exactly the contributed commands", () => {
    assert.deepEqual([...contributed().commands].sort(), Object.keys(COMMANDS).sort());
  });

  test('every command id is mlops.<name>: one namespace, no sub-namespaces', () => {
    assert.deepEqual(contributed().commands.filter((c) => !/^mlops\.[a-z][A-Za-z]*$/.test(c)), []);
  });

  test('menu entries of commands that need a trusted workspace are hidden in an untrusted one', () => {
    const { menus } = contributed().manifest.contributes;
    // The palette keeps them, so that the user who runs one is told why it refuses.
    const entries = Object.entries(menus).filter(([where]) => where !== 'commandPalette').flatMap(([where, list]) => list.map((m) => ({ where, ...m })));
    const trusted = entries.filter((m) => COMMANDS[m.command as keyof typeof COMMANDS] === 'trust');
    assert.ok(trusted.length > 0, 'no menu entry of a trust-gated command: the check would pass vacuously');
    assert.deepEqual(trusted.filter((m) => !m.when?.includes('isWorkspaceTrusted')).map((m) => `${m.where}: ${m.command}`), []);
  });

  test('activation events: only those VS Code cannot infer from the contributions', () => {
    const events = contributed().manifest.activationEvents ?? [];
    assert.deepEqual(events.filter((e) => e.startsWith('onCommand:') || e.startsWith('onView:')), [], 'inferred from contributes.commands and contributes.views');
    assert.ok(events.includes('workspaceContains:mlops.json'));
    // A webview panel has no contribution point: restoring the Metrics panel after a reload needs its event.
    assert.ok(events.includes('onWebviewPanel:mlops.metrics'));
  });

  test('a failing command resolves to undefined and reports its error, with the stack, in the Output channel', async () => {
    await activateExtension();
    // Without a dataset version to work on, this command fails by design.
    const result = await vscode.commands.executeCommand('mlops.compareProfileWithPrevious', { kind: 'no such node' });
    assert.equal(result, undefined);
    await vscode.commands.executeCommand('mlops.showOutput');
    const heading = 'Compare Profile with Previous failed: Error: Compare Profile with Previous works on a dataset version';
    const text = await waitFor('the failure in the MLOps Workbench Output channel', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && d.getText().includes(heading))?.getText(),
    );
    const entry = text.slice(text.lastIndexOf(heading)).split('\n');
    assert.match(entry[1] ?? '', /^\s+at /, `the stack follows the message:\n${entry.slice(0, 3).join('\n')}`);
  });
});
