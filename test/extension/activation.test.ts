// Activation contract: lazy (no store opened until needed), and every command registered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, contributed } from './support';

suite('activation', () => {
  test('activates without opening the store, and measures how long that took', async () => {
    const api = await activateExtension();
    // The time is a figure (the Output channel logs "Activated in N ms"), not a pass mark: a shared
    // machine decides it. What keeps activation short is checked instead: it opens nothing.
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs > 0, `activationMs: ${api.activationMs}`);
    // Runs first in the suite order, before any command could have a reason to open the store.
    assert.equal(api.storeIsOpen(), false, 'the store was opened during activation; it must open lazily');
  });

  test('registers every contributed command, and contributes every mlops. command it registers', async () => {
    await activateExtension();
    const { commands, views } = contributed();
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(commands.filter((c) => !registered.has(c)), [], 'contributed in package.json but not registered');
    // VS Code itself registers commands named after each view (mlops.runs.focus, ...): those are not ours.
    const ours = [...registered].filter((c) => c.startsWith('mlops.') && !views.some((v) => c.startsWith(`${v}.`)));
    assert.deepEqual(ours.filter((c) => !commands.includes(c)), [], 'registered but not contributed (a hidden command is contributed with "when": "false" in commandPalette)');
  });
});
