import * as vscode from 'vscode';
import { toJsonText } from '../../core/quality/profileJson';
import type { DriftReport } from '../../core/drift/reportTypes';
import { driftData, type DriftHistory, type DriftReportShape } from '../../shared/driftData';
import { parseDriftToHost, type DriftExportFormat, type DriftToHost, type DriftToWebview } from '../../shared/protocol';
import { errorText, type Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { PanelHost } from './panelHost';
import { webviewOptions } from './webviewHtml';

// src/shared mirrors core's report: this line stops compiling the day the two part ways.
const asShape = (r: DriftReport): DriftReportShape => r;

/** What the command reports (and tests read): what the panel shows. */
export interface DriftShown {
  title: string;
  datasetDrift: boolean;
  drifted: string[];
}

/** Writes a report as self-contained HTML; given once the report writer is available to the caller. */
export type HtmlWriter = (report: DriftReport) => string;

const fileSafe = (label: string) => label.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');

/** "Drift Report": one comparison of a batch with its reference. One panel, reused. */
export class DriftPanel extends PanelHost<DriftToHost, DriftToWebview> {
  static readonly viewType = 'mlops.drift';
  private static current: DriftPanel | undefined;
  private report: DriftReport | undefined;
  private history: DriftHistory | undefined;
  private html: HtmlWriter | undefined;

  static show(extensionUri: vscode.Uri, state: WorkbenchState, log: Log, report: DriftReport, options: { history?: DriftHistory; html?: HtmlWriter } = {}): DriftShown {
    let p = DriftPanel.current;
    if (p) p.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(DriftPanel.viewType, 'MLOps Drift Report', vscode.ViewColumn.Active, { ...webviewOptions(extensionUri), retainContextWhenHidden: false });
      p = DriftPanel.current = new DriftPanel(panel, extensionUri, state, log);
    }
    return p.load(report, options.history, options.html);
  }

  private constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: WorkbenchState, log: Log) {
    super(panel, extensionUri, 'drift', state, log, parseDriftToHost, 'Drift Report');
  }

  protected async onMessage(msg: DriftToHost): Promise<void> {
    if (msg.type === 'ready') this.send();
    else await this.export(msg.format);
  }

  /** A report is a fixed comparison: nothing in the store changes what it says. */
  protected onStoreChanged(): void {}

  private load(report: DriftReport, history: DriftHistory | undefined, html: HtmlWriter | undefined): DriftShown {
    this.report = report;
    this.history = history;
    this.html = html;
    const title = `Drift: ${report.current.label} vs ${report.reference.label}`;
    this.panel.title = title;
    this.send();
    return { title, datasetDrift: report.datasetDrift, drifted: report.columns.filter((c) => c.drift).map((c) => c.name) };
  }

  private send(): void {
    if (!this.ready || !this.report) return;
    const exports: DriftExportFormat[] = this.html ? ['json', 'html'] : ['json'];
    this.post({ type: 'drift', data: driftData(asShape(this.report), this.history), exports });
  }

  /** The report as `mlops drift --json` prints it (non-finite statistics as "Infinity"...), or as the HTML report. */
  private async export(format: DriftExportFormat): Promise<void> {
    const report = this.report;
    if (!report) return;
    const html = this.html;
    if (format === 'html' && !html) return this.log.warn('Drift Report: HTML export asked, but no HTML writer was given');
    const name = `drift-${fileSafe(report.current.label)}-vs-${fileSafe(report.reference.label)}.${format}`;
    const folder = this.state.root ? vscode.Uri.file(this.state.root) : undefined;
    const target = await vscode.window.showSaveDialog({
      title: `Save Drift Report as ${format.toUpperCase()}`,
      defaultUri: folder && vscode.Uri.joinPath(folder, name),
      filters: format === 'json' ? { JSON: ['json'] } : { HTML: ['html'] },
    });
    if (!target) return;
    try {
      const text = format === 'json' || !html ? toJsonText(report, 2) + '\n' : html(report);
      await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
      void vscode.window.showInformationMessage(`MLOps: saved ${vscode.workspace.asRelativePath(target)}`);
    } catch (err) {
      this.log.error(`Drift Report: could not save ${target.fsPath}`, err);
      void vscode.window.showErrorMessage(`MLOps: could not save ${target.fsPath}: ${errorText(err)}`);
    }
  }

  override dispose(): void {
    DriftPanel.current = undefined;
    super.dispose();
  }
}
