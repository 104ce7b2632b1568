// Activation contract: fast, lazy (no store opened until needed), and every command registered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, contributed } from './support';

suite('activation', () => {
  test('activates in under 100 ms without opening the store', async () => {
    const api = await activateExtension();
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs < 100, `activation took ${api.activationMs} ms (budget 100 ms)`);
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
