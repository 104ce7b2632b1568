import * as vscode from 'vscode';
import { countOpenAlerts } from '../../core/monitors/alerts';
import { LastShown } from '../lastShown';
import type { WorkbenchState } from '../workbenchState';

/** "2 drift alerts" while alerts are open (or snoozed past their time); click: the Monitors view. */
export class AlertStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlops.alerts', vscode.StatusBarAlignment.Left, 8);
  private readonly subscription: vscode.Disposable;
  private readonly timer: NodeJS.Timeout;
  /** The count shown (tests read it). */
  count = 0;
  /** Each show or hide is a message to the workbench (a hide too, on a hidden item): sent only when the count changed. */
  private readonly shown = new LastShown();

  constructor(private readonly state: WorkbenchState) {
    this.item.name = 'MLOps drift alerts';
    this.item.command = 'mlops.monitors.focus';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.subscription = state.onDidChange(() => this.update());
    // A snooze ends with time, not with a store change: look again every minute.
    this.timer = setInterval(() => this.update(), 60_000);
  }

  update(): void {
    const store = this.state.existingStore();
    const n = store ? countOpenAlerts(store) : 0;
    this.count = n;
    if (!this.shown.differs(String(n))) return;
    this.item.text = `$(bell-dot) ${n} drift alert${n === 1 ? '' : 's'}`;
    this.item.tooltip = `${n} open MLOps drift alert${n === 1 ? '' : 's'}; click to see the monitors`;
    if (n) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}
