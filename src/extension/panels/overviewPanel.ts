import * as vscode from 'vscode';
import { emptyOverview, readOverview } from '../../core/overview/overviewData';
import { parseOverviewToHost, type OverviewToHost, type OverviewToWebview } from '../../shared/protocol';
import { executeCommand } from '../commands/registry';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { PanelHost } from './panelHost';
import { webviewOptions } from './webviewHtml';

/** "MLOps Overview": counts and runs per day. One panel at a time; revealed when already open. */
export class OverviewPanel extends PanelHost<OverviewToHost, OverviewToWebview> {
  static readonly viewType = 'mlops.overview';
  private static current: OverviewPanel | undefined;

  static show(extensionUri: vscode.Uri, state: WorkbenchState, log: Log): OverviewPanel {
    if (OverviewPanel.current) {
      OverviewPanel.current.panel.reveal();
      return OverviewPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(OverviewPanel.viewType, 'MLOps Overview', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    OverviewPanel.current = new OverviewPanel(panel, extensionUri, state, log);
    return OverviewPanel.current;
  }

  private constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: WorkbenchState, log: Log) {
    super(panel, extensionUri, 'overview', state, log, parseOverviewToHost, 'Overview');
  }

  protected onMessage(msg: OverviewToHost): void {
    // Typed: every command the Overview may ask for is one of ours (a compile error otherwise).
    if (msg.type === 'runCommand') void executeCommand(msg.command);
    else this.send(); // 'ready' and 'refresh'
  }

  protected onStoreChanged(): void {
    this.send();
  }

  private send(): void {
    try {
      const store = this.state.existingStore();
      this.post({ type: 'overview', data: store ? readOverview(store) : emptyOverview(), hasConfig: this.state.config.exists });
    } catch (err) {
      this.post({ type: 'error', message: this.storeError(err) });
    }
  }

  override dispose(): void {
    OverviewPanel.current = undefined;
    super.dispose();
  }
}
