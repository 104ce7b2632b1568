import * as vscode from 'vscode';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { webviewHtml } from './webviewHtml';

/**
 * What every MLOps webview panel does the same way: the CSP shell with the panel's bundle, inbound
 * messages validated (an unknown or malformed one is dropped and logged), the ready handshake (the
 * host sends data only once the webview listens), and a refresh when the store changes.
 */
export abstract class PanelHost<ToHost extends { type: string }, ToWebview> implements vscode.Disposable {
  /** The webview has said 'ready': it listens, and holds nothing the host sent before. */
  protected ready = false;
  protected readonly disposables: vscode.Disposable[] = [];

  protected constructor(
    protected readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly bundle: string,
    protected readonly state: WorkbenchState,
    protected readonly log: Log,
    private readonly parse: (raw: unknown) => ToHost | undefined,
    private readonly label: string,
    /** The subclass calls `loadPage` itself, with its first messages in the page. */
    deferLoad = false,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'mlops.svg');
    if (!deferLoad) this.loadPage([]);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => this.dispatch(raw)),
      state.onDidChange(() => this.ready && this.onStoreChanged()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /**
   * Sets the page, with `initial` messages the webview takes as if posted before anything else, and
   * an inline `boot` script run before the bundle.
   */
  protected loadPage(initial: ToWebview[], boot?: string): void {
    this.panel.webview.html = webviewHtml(this.panel.webview, this.extensionUri, this.bundle, this.panel.title, initial, boot);
  }

  private dispatch(raw: unknown): void {
    const msg = this.parse(raw);
    if (!msg) {
      this.log.warn(`${this.label}: dropped an unknown or malformed message: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    if (msg.type === 'ready') this.ready = true;
    Promise.resolve(this.onMessage(msg)).catch((err) => this.log.error(`${this.label}: handling "${msg.type}" failed`, err));
  }

  /** A validated message from the webview ('ready' included, after `ready` is set). */
  protected abstract onMessage(msg: ToHost): void | Promise<void>;

  /** The store changed on disk (a run wrote, the CLI deleted...): bring the webview up to date. */
  protected abstract onStoreChanged(): void;

  protected post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  /** The message to show when reading the store failed, logged with its cause. */
  protected storeError(err: unknown): string {
    this.log.error(`${this.label}: could not read the store`, err);
    return `Could not read the store: ${err instanceof Error ? err.message : String(err)}`;
  }

  dispose(): void {
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
