// Shared helpers for the extension-host suites: the real extension, polled with deadlines.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'mlops-workbench.mlops-workbench';

export interface WorkbenchApi {
  workspaceRoot(): string | undefined;
  configProblems(): Array<{ path: string; line: number; message: string }>;
  storeIsOpen(): boolean;
  configRuns(): string[];
  activationMs: number;
}

export async function activateExtension(): Promise<WorkbenchApi> {
  const ext = vscode.extensions.getExtension<WorkbenchApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this extension host`);
  const api = await ext.activate();
  assert.ok(api && typeof api === 'object', 'activate() returned no API object');
  return api;
}

export function workspaceUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test instance was opened without a workspace folder');
  return folder.uri;
}

/** Polls `probe` until it returns a truthy value; fails with `what` (and the last value) at the deadline. */
export async function waitFor<T>(what: string | (() => string), probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() >= deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
