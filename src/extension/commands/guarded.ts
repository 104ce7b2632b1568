import * as vscode from 'vscode';
import type { Log } from '../log';

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Wraps a command so a failure is logged and shown to the user instead of VS Code's generic error. */
export function guarded(log: Log, what: string) {
  return <A extends unknown[]>(fn: (...args: A) => unknown) =>
    async (...args: A) => {
      try {
        await fn(...args);
      } catch (err) {
        log.error(`${what} failed`, err);
        void vscode.window.showErrorMessage(`MLOps: ${errorText(err)}`);
      }
    };
}
