import * as path from 'node:path';
import type * as vscode from 'vscode';
import { findSdkDir } from '../core/tracking/sdkDir';

/**
 * Puts `mlops` on PATH in the editor's terminals, and the Python helper's folder on PYTHONPATH, so a
 * script started by hand imports mlops_workbench as a launched run does. The shim in bin/ runs the
 * bundled CLI with the editor's own Node (MLOPS_NODE), so its SQLite driver matches the extension's.
 */
export function contributeTerminalEnvironment(context: vscode.ExtensionContext): void {
  const env = context.environmentVariableCollection;
  env.description = 'Puts the `mlops` command on PATH and the Python helper (mlops_workbench) on PYTHONPATH';
  env.prepend('PATH', path.join(context.extensionPath, 'bin') + path.delimiter);
  env.replace('MLOPS_NODE', process.execPath);
  // Prepended only to a PYTHONPATH the terminal has: an empty entry would put the current folder on sys.path.
  const sdkDir = findSdkDir(path.join(context.extensionPath, 'dist'));
  if (process.env.PYTHONPATH) env.prepend('PYTHONPATH', sdkDir + path.delimiter);
  else env.replace('PYTHONPATH', sdkDir);
}
