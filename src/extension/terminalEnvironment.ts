import * as path from 'node:path';
import type * as vscode from 'vscode';

/**
 * Puts `mlops` on PATH in the editor's terminals. The shim in bin/ runs the bundled CLI with the
 * editor's own Node (MLOPS_NODE), so its SQLite driver matches the extension's.
 */
export function contributeTerminalEnvironment(context: vscode.ExtensionContext): void {
  const env = context.environmentVariableCollection;
  env.description = 'Puts the `mlops` command on PATH';
  env.prepend('PATH', path.join(context.extensionPath, 'bin') + path.delimiter);
  env.replace('MLOPS_NODE', process.execPath);
}
