import * as vscode from 'vscode';
import type { MlopsConfig } from '../../core/config/types';
import { compareTable } from '../../core/tracking/compareRuns';
import { runDetails, type RunDetails } from '../../core/tracking/runDetails';
import type { Direction } from '../../shared/compareData';
import { parseCompareToHost, type CompareToWebview } from '../../shared/protocol';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** Metric directions declared in mlops.json `models`: they override the name-based default. */
function configDirections(config: MlopsConfig): Record<string, Direction> {
  return Object.fromEntries(Object.values(config.models).flatMap((m) => (m.direction ? [[m.metric, m.direction]] : [])));
}

/** The first run's config `primaryMetric`, else the first model's metric: what the user said matters. */
function configPrimary(config: MlopsConfig, runs: RunDetails[]): string | undefined {
  for (const r of runs) {
    const p = config.runs[r.experiment]?.primaryMetric;
    if (p) return p;
  }
  return Object.values(config.models).find((m) => runs.some((r) => r.metrics[m.metric]))?.metric;
}

/** "Compare Runs": a sortable table and a parallel-coordinates chart. One panel; reused for new selections. */
export class ComparePanel implements vscode.Disposable {
  static readonly viewType = 'mlops.compare';
  private static current: ComparePanel | undefined;
  private ready = false;
  private primaryMetric: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, state: WorkbenchState, log: Log, runIds: string[]): ComparePanel {
    const title = `Compare ${runIds.length} Runs`;
    if (ComparePanel.current) {
      const c = ComparePanel.current;
      c.runIds = runIds;
      c.panel.title = title;
      c.panel.reveal();
      if (c.ready) c.send();
      return c;
    }
    const panel = vscode.window.createWebviewPanel(ComparePanel.viewType, title, vscode.ViewColumn.Active, webviewOptions(extensionUri));
    ComparePanel.current = new ComparePanel(panel, extensionUri, state, log, runIds);
    return ComparePanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly state: WorkbenchState,
    private readonly log: Log,
    private runIds: string[],
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'mlops.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'compare', panel.title);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      state.onDidChange(() => this.ready && this.send()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private receive(raw: unknown): void {
    const msg = parseCompareToHost(raw);
    if (!msg) {
      this.log.warn(`Compare: dropped an unknown or malformed message: ${JSON.stringify(raw)?.slice(0, 200)}`);
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
      case 'setPrimaryMetric':
        this.primaryMetric = msg.metric;
        this.send();
        break;
      case 'compareInEditor':
      case 'compareCode':
        // Only runs this panel shows: the webview cannot point a command at anything else.
        if (!msg.runIds.every((id) => this.runIds.includes(id))) return this.log.warn(`Compare: ignored ${msg.type} for runs not in the panel`);
        void vscode.commands.executeCommand(msg.type === 'compareInEditor' ? 'mlops.compareInEditor' : 'mlops.compareCode', msg.runIds);
        break;
    }
  }

  private send(): void {
    let message: CompareToWebview;
    try {
      const store = this.state.existingStore();
      const runs = store ? this.runIds.map((id) => runDetails(store, id)).filter((r) => r !== undefined) : [];
      if (runs.length < this.runIds.length) this.log.warn(`Compare: ${this.runIds.length - runs.length} of the compared runs are no longer in the store`);
      const config = this.state.config.config;
      const data = compareTable(runs, this.primaryMetric ?? configPrimary(config, runs), configDirections(config));
      message = { type: 'compare', data };
    } catch (err) {
      this.log.error('Compare: could not read the store', err);
      message = { type: 'error', message: `Could not read the store: ${err instanceof Error ? err.message : String(err)}` };
    }
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    ComparePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
