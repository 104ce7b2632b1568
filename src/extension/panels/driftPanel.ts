import * as vscode from 'vscode';
import { toJsonText } from '../../core/quality/profileJson';
import { renderDriftHtml } from '../../core/drift/htmlReport';
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

const fileSafe = (label: string) => label.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');

/** "Drift Report": one comparison of a batch with its reference. One panel, reused. */
export class DriftPanel extends PanelHost<DriftToHost, DriftToWebview> {
  static readonly viewType = 'mlops.drift';
  private static current: DriftPanel | undefined;
  private report: DriftReport | undefined;
  private history: DriftHistory | undefined;

  /** Shows `report`; a monitor's recorded checks add their `history` (score and performance charts). */
  static show(extensionUri: vscode.Uri, state: WorkbenchState, log: Log, report: DriftReport, history?: DriftHistory): DriftShown {
    let p = DriftPanel.current;
    if (p) p.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(DriftPanel.viewType, 'MLOps Drift Report', vscode.ViewColumn.Active, { ...webviewOptions(extensionUri), retainContextWhenHidden: false });
      p = DriftPanel.current = new DriftPanel(panel, extensionUri, state, log);
    }
    return p.load(report, history);
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

  private load(report: DriftReport, history: DriftHistory | undefined): DriftShown {
    this.report = report;
    this.history = history;
    const title = `Drift: ${report.current.label} vs ${report.reference.label}`;
    this.panel.title = title;
    this.send();
    return { title, datasetDrift: report.datasetDrift, drifted: report.columns.filter((c) => c.drift).map((c) => c.name) };
  }

  private send(): void {
    if (!this.ready || !this.report) return;
    this.post({ type: 'drift', data: driftData(asShape(this.report), this.history) });
  }

  /** The report as `mlops drift` writes it: --json (non-finite statistics as "Infinity"...) or --html (one self-contained file). */
  private async export(format: DriftExportFormat): Promise<void> {
    const report = this.report;
    if (!report) return;
    const name = `drift-${fileSafe(report.current.label)}-vs-${fileSafe(report.reference.label)}.${format}`;
    const folder = this.state.root ? vscode.Uri.file(this.state.root) : undefined;
    const target = await vscode.window.showSaveDialog({
      title: `Save Drift Report as ${format.toUpperCase()}`,
      defaultUri: folder && vscode.Uri.joinPath(folder, name),
      filters: format === 'json' ? { JSON: ['json'] } : { HTML: ['html'] },
    });
    if (!target) return;
    try {
      const text = format === 'json' ? toJsonText(report, 2) + '\n' : renderDriftHtml(report);
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
