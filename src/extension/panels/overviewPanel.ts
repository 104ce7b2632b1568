import * as vscode from 'vscode';
import { emptyOverview, readOverview } from '../../core/overview/overviewData';
import { parseOverviewToHost, type OverviewToWebview } from '../../shared/protocol';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** "MLOps Overview": counts and runs per day. One panel at a time; revealed when already open. */
export class OverviewPanel implements vscode.Disposable {
  static readonly viewType = 'mlops.overview';
  private static current: OverviewPanel | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, state: WorkbenchState, log: Log): OverviewPanel {
    if (OverviewPanel.current) {
      OverviewPanel.current.panel.reveal();
      return OverviewPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(OverviewPanel.viewType, 'MLOps Overview', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    OverviewPanel.current = new OverviewPanel(panel, extensionUri, state, log);
    return OverviewPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly state: WorkbenchState,
    private readonly log: Log,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'mlops.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'overview', 'MLOps Overview');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      state.onDidChange(() => this.ready && this.send()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private receive(raw: unknown): void {
    const msg = parseOverviewToHost(raw);
    if (!msg) {
      this.log.warn(`Overview: dropped an unknown or malformed message: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        // The webview listens only after its script ran: data sent earlier would be lost.
        this.ready = true;
        this.send();
        break;
      case 'refresh':
        this.send();
        break;
      case 'runCommand':
        void vscode.commands.executeCommand(msg.command);
        break;
    }
  }

  private send(): void {
    let message: OverviewToWebview;
    try {
      const store = this.state.existingStore();
      const data = store ? readOverview(store) : emptyOverview();
      message = { type: 'overview', data, hasConfig: this.state.config.exists };
    } catch (err) {
      this.log.error('Overview: could not read the store', err);
      message = { type: 'error', message: `Could not read the store: ${err instanceof Error ? err.message : String(err)}` };
    }
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    OverviewPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
