// Activation contract: fast, lazy (no store opened until needed), and every command registered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './support';

suite('activation', () => {
  test('activates in under 100 ms without opening the store', async () => {
    const api = await activateExtension();
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs < 100, `activation took ${api.activationMs} ms (budget 100 ms)`);
    // Runs first in the suite order, before any command could have a reason to open the store.
    assert.equal(api.storeIsOpen(), false, 'the store was opened during activation; it must open lazily');
  });

  test('registers all five commands', async () => {
    await activateExtension();
    const all = new Set(await vscode.commands.getCommands(true));
    const expected = ['mlops.initWorkspace', 'mlops.showOverview', 'mlops.refresh', 'mlops.showOutput', 'mlops.doctor'];
    assert.deepEqual(expected.filter((c) => !all.has(c)), [], 'commands missing from the command registry');
  });
});
