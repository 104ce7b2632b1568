import * as vscode from 'vscode';
import { countRuns } from '../../core/tracking/runRecords';
import type { RunController } from './runController';
import type { WorkbenchState } from '../workbenchState';

/** "2 runs" with a spinner while runs execute (this window's and any CLI's); hidden otherwise. */
export function runStatusBar(state: WorkbenchState, controller: RunController): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('mlops.running', vscode.StatusBarAlignment.Left, 9);
  item.name = 'MLOps running runs';
  item.command = 'workbench.view.extension.mlops';
  let shown: number | undefined;
  const update = () => {
    const store = state.existingStore();
    const n = store ? countRuns(store, 'running') : controller.runningCount();
    // Each property set is a message to the workbench: none while the count stays (a run streaming changes the store often).
    if (n === shown) return;
    shown = n;
    item.text = `$(sync~spin) ${n} run${n === 1 ? '' : 's'}`;
    item.tooltip = `${n} MLOps run${n === 1 ? '' : 's'} executing; click to see them`;
    if (n) item.show();
    else item.hide();
  };
  const subs = [state.onDidChange(update), controller.onDidChangeActive(update)];
  // Runs a CLI started before the window opened: counted shortly after activation, which itself
  // never opens the store.
  const first = setTimeout(update, 1500);
  return {
    dispose: () => {
      clearTimeout(first);
      for (const d of [item, ...subs]) d.dispose();
    },
  };
}
