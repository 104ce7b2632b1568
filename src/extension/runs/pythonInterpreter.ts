import * as vscode from 'vscode';

/** The interpreter of the Python extension when it is installed and has one for this file, else python3. */
export async function pythonInterpreter(file: vscode.Uri): Promise<string> {
  const ext = vscode.extensions.getExtension('ms-python.python');
  if (!ext) return 'python3';
  try {
    const api = (await ext.activate()) as { environments?: { getActiveEnvironmentPath(r?: vscode.Uri): { path: string } } };
    return api.environments?.getActiveEnvironmentPath(file).path || 'python3';
  } catch {
    return 'python3';
  }
}
