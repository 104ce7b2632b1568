import * as vscode from 'vscode';
import { countRuns } from '../../core/tracking/runRecords';
import { formatCost } from '../../shared/costFormat';
import type { LiveUsage, RunController } from './runController';
import { usageText } from './usageText';
import type { WorkbenchState } from '../workbenchState';

/** How often the cost so far is re-read while this window's runs execute: a meter samples each second. */
const USAGE_REFRESH_MS = 2000;

export interface RunStatusBar extends vscode.Disposable {
  /** The item's text while shown; undefined while hidden. */
  text(): string | undefined;
}

/** "about $0.42 so far"; "under $0.01 so far" for a run that has cost less than a cent. */
function soFar(usage: LiveUsage | undefined): string {
  if (!usage?.cost) return '';
  const text = formatCost(usage.cost);
  return text.startsWith('< ') ? `under ${text.slice(2)} so far` : `about ${text} so far`;
}

/**
 * "2 runs" with a spinner while runs execute (this window's and any CLI's); hidden otherwise. While
 * this window's runs execute with prices, it also says what they have cost so far.
 */
export function runStatusBar(state: WorkbenchState, controller: RunController): RunStatusBar {
  const item = vscode.window.createStatusBarItem('mlops.running', vscode.StatusBarAlignment.Left, 9);
  item.name = 'MLOps running runs';
  item.command = 'workbench.view.extension.mlops';
  let shown: string | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let visible = false;
  const update = () => {
    const store = state.existingStore();
    const n = store ? countRuns(store, 'running') : controller.runningCount();
    const usage = controller.liveUsage();
    const cost = soFar(usage);
    const text = `$(sync~spin) ${n} run${n === 1 ? '' : 's'}${cost ? ` · ${cost}` : ''}`;
    // Each property set is a message to the workbench: none while the text stays (a run streaming changes the store often).
    if (text === shown) return;
    shown = text;
    item.text = text;
    const ours = usage ? `\n\nLaunched from this window, so far: ${usageText({ cpuSeconds: usage.cpuSeconds }, usage.cost)}` : '';
    item.tooltip = `${n} MLOps run${n === 1 ? '' : 's'} executing; click to see them${ours}`;
    if (n) item.show();
    else item.hide();
    visible = n > 0;
  };
  // The meters are read only while this window's runs execute; nothing polls otherwise.
  const pace = () => {
    update();
    if (controller.runningCount() && !ticker) ticker = setInterval(update, USAGE_REFRESH_MS);
    else if (!controller.runningCount() && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
  const subs = [state.onDidChange(update), controller.onDidChangeActive(pace)];
  // Runs a CLI started before the window opened: counted shortly after activation, which itself
  // never opens the store.
  const first = setTimeout(update, 1500);
  return {
    text: () => (visible ? shown : undefined),
    dispose: () => {
      clearTimeout(first);
      clearInterval(ticker);
      for (const d of [item, ...subs]) d.dispose();
    },
  };
}
