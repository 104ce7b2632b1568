// Shared helpers for the extension-host suites: the real extension, polled with deadlines.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension/extension';

// What activate() returns, as a type only: the test bundle does not load the extension's sources.
export type { WorkbenchApi };

export const EXTENSION_ID = 'mlops-workbench.mlops-workbench';

export async function activateExtension(): Promise<WorkbenchApi> {
  const ext = vscode.extensions.getExtension<WorkbenchApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this extension host`);
  const api = await ext.activate();
  assert.ok(api && typeof api === 'object', 'activate() returned no API object');
  return api;
}

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    views: Record<string, { id: string }[]>;
    menus: Record<string, { command: string; when?: string }[]>;
  };
  activationEvents?: string[];
}

/** What the extension's package.json contributes, as the running extension host read it. */
export function contributed(): { manifest: Manifest; commands: string[]; views: string[] } {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this extension host`);
  const manifest = ext.packageJSON as Manifest;
  return {
    manifest,
    commands: manifest.contributes.commands.map((c) => c.command),
    views: Object.values(manifest.contributes.views).flat().map((v) => v.id),
  };
}

export function workspaceUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test instance was opened without a workspace folder');
  return folder.uri;
}

/**
 * Polls `probe` until it returns a truthy value; fails with `what` (and the last value) at the deadline.
 * The deadline only ends a wait that would never succeed (a test's own timeout is 60 s): on a busy,
 * shared machine a webview or a file watcher takes far longer than on a quiet one.
 */
export async function waitFor<T>(what: string | (() => string), probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() >= deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `fn` counting the worker threads this process starts meanwhile (Node's process 'worker' event). */
export async function countingWorkers<T>(fn: () => Thenable<T>): Promise<{ result: T; workers: number }> {
  let workers = 0;
  const onWorker = () => workers++;
  process.on('worker', onWorker);
  try {
    return { result: await fn(), workers };
  } finally {
    process.off('worker', onWorker);
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
