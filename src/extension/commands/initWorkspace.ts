import * as vscode from 'vscode';
import { initWorkspace } from '../../core/workspace/initWorkspace';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';

/** "MLOps: Initialize Workspace": what `mlops init` does, then opens the new mlops.json. */
export async function initWorkspaceCommand(root: string, state: WorkbenchState, log: Log): Promise<void> {
  const result = initWorkspace(root);
  log.info(`Initialized ${result.root}: ${result.created.length ? result.created.join(', ') : 'nothing new'}`);
  state.reloadConfig();
  await vscode.commands.executeCommand('setContext', 'mlops.hasConfig', true);
  if (result.configCreated) {
    await vscode.window.showTextDocument(vscode.Uri.file(result.configFile), { preview: false });
  } else {
    void vscode.window.showInformationMessage('MLOps: mlops.json already exists; it was left as it is. The store is ready.');
  }
}
