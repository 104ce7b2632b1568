import * as vscode from 'vscode';
import { compareAsConfigured } from '../../core/tracking/configuredComparison';
import { runDetails } from '../../core/tracking/runDetails';
import { parseCompareToHost, type CompareToHost, type CompareToWebview } from '../../shared/protocol';
import { versionMetrics } from '../commands/compareVersionsData';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { PanelHost } from './panelHost';
import { webviewOptions } from './webviewHtml';

/** "Compare Runs": a sortable table and a parallel-coordinates chart. One panel; reused for new selections. */
export class ComparePanel extends PanelHost<CompareToHost, CompareToWebview> {
  static readonly viewType = 'mlops.compare';
  private static current: ComparePanel | undefined;
  private primaryMetric: string | undefined;
  /** Compare Versions: the model versions (ids) whose source runs are compared, charted across versions. */
  private versionIds: number[] | undefined;

  /** `versions`: the panel compares these model versions' source runs and charts their metrics across versions. */
  static show(extensionUri: vscode.Uri, state: WorkbenchState, log: Log, runIds: string[], versions?: { ids: number[]; title: string }): ComparePanel {
    const title = versions?.title ?? `Compare ${runIds.length} Runs`;
    if (ComparePanel.current) {
      const c = ComparePanel.current;
      c.runIds = runIds;
      c.versionIds = versions?.ids;
      c.panel.title = title;
      c.panel.reveal();
      if (c.ready) c.send();
      return c;
    }
    const panel = vscode.window.createWebviewPanel(ComparePanel.viewType, title, vscode.ViewColumn.Active, webviewOptions(extensionUri));
    ComparePanel.current = new ComparePanel(panel, extensionUri, state, log, runIds);
    ComparePanel.current.versionIds = versions?.ids;
    return ComparePanel.current;
  }

  private constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    state: WorkbenchState,
    log: Log,
    private runIds: string[],
  ) {
    super(panel, extensionUri, 'compare', state, log, parseCompareToHost, 'Compare');
  }

  protected onMessage(msg: CompareToHost): void {
    switch (msg.type) {
      case 'ready':
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

  protected onStoreChanged(): void {
    this.send();
  }

  private send(): void {
    try {
      const store = this.state.existingStore();
      const runs = store ? this.runIds.map((id) => runDetails(store, id)).filter((r) => r !== undefined) : [];
      if (runs.length < this.runIds.length) this.log.warn(`Compare: ${this.runIds.length - runs.length} of the compared runs are no longer in the store`);
      const config = this.state.config.config;
      const versions = store && this.versionIds ? versionMetrics(store, config, this.versionIds) : undefined;
      this.post({ type: 'compare', data: compareAsConfigured(runs, config, this.primaryMetric), ...(versions ? { versions } : {}) });
    } catch (err) {
      this.post({ type: 'error', message: this.storeError(err) });
    }
  }

  override dispose(): void {
    ComparePanel.current = undefined;
    super.dispose();
  }
}
