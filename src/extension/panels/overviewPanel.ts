import * as vscode from 'vscode';
import { readOverviewCost, storageByDataset, storageFingerprint } from '../../core/overview/overviewCost';
import { emptyOverview, readOverview } from '../../core/overview/overviewData';
import type { Store } from '../../core/store/store';
import { parseOverviewToHost, type OverviewToHost, type OverviewToWebview } from '../../shared/protocol';
import { executeCommand } from '../commands/registry';
import { LastShown } from '../lastShown';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { PanelHost } from './panelHost';
import { webviewOptions } from './webviewHtml';

/** "MLOps Overview": counts, runs per day, cost per week and storage by dataset. One panel at a time; revealed when already open. */
export class OverviewPanel extends PanelHost<OverviewToHost, OverviewToWebview> {
  static readonly viewType = 'mlops.overview';
  private static current: OverviewPanel | undefined;
  /** Bytes per dataset read from disk, kept while no dataset version comes or goes (a run writes the store often). */
  private storage: { fingerprint: string; rows: ReturnType<typeof storageByDataset> } | undefined;
  /**
   * The figures last sent: a store change that leaves them as they were (a running run writes often)
   * sends nothing, so the page is not rebuilt under the user's scroll or pointer.
   */
  private readonly shown = new LastShown();

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
    if (msg.type === 'runCommand') return void executeCommand(msg.command);
    // Refresh reads the disk again: objects may have been pulled or collected meanwhile.
    if (msg.type === 'refresh') this.storage = undefined;
    // 'ready' (a new or reloaded page holds nothing) and 'refresh' (the user asked) always get an answer.
    this.shown.forget();
    this.send();
  }

  protected onStoreChanged(): void {
    this.send();
  }

  private send(): void {
    try {
      const store = this.state.existingStore();
      const data = store ? { ...readOverview(store), cost: readOverviewCost(store, this.state.config.config, this.storageOf(store)) } : emptyOverview();
      const hasConfig = this.state.config.exists;
      if (!this.shown.differs(JSON.stringify({ ...data, generatedAt: 0, hasConfig }))) return;
      this.post({ type: 'overview', data, hasConfig });
    } catch (err) {
      this.shown.forget();
      this.post({ type: 'error', message: this.storeError(err) });
    }
  }

  private storageOf(store: Store): ReturnType<typeof storageByDataset> {
    const fingerprint = storageFingerprint(store);
    if (this.storage?.fingerprint !== fingerprint) this.storage = { fingerprint, rows: storageByDataset(store, this.state.root!) };
    return this.storage.rows;
  }

  override dispose(): void {
    OverviewPanel.current = undefined;
    super.dispose();
  }
}
