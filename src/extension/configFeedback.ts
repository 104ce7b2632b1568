import * as vscode from 'vscode';
import { formatProblem } from '../core/config/loadConfig';
import type { LoadedConfig } from '../core/config/loadConfig';
import type { Log } from './log';

/**
 * Shows mlops.json's problems where the user looks: the Problems panel (with exact ranges), the
 * Output channel, and the status bar item. The rest of the extension keeps working meanwhile.
 */
export class ConfigFeedback implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('mlops');
  private lastReported = '';

  constructor(
    private readonly log: Log,
    private readonly status: vscode.StatusBarItem,
  ) {}

  show(loaded: LoadedConfig): void {
    const uri = vscode.Uri.file(loaded.file);
    this.diagnostics.set(
      uri,
      loaded.problems.map((p) => {
        const start = new vscode.Position(p.line - 1, p.column - 1);
        const range = new vscode.Range(start, start.translate(0, Math.max(1, Math.min(p.length, 200))));
        const d = new vscode.Diagnostic(range, `${p.path ? p.path + ': ' : ''}${p.message}`, vscode.DiagnosticSeverity.Error);
        d.source = 'MLOps Workbench';
        return d;
      }),
    );
    const report = loaded.problems.map((p) => formatProblem(loaded.file, p)).join('\n');
    if (report !== this.lastReported) {
      if (report) this.log.warn(`mlops.json has ${loaded.problems.length} problem(s):\n${report}`);
      else if (this.lastReported) this.log.info('mlops.json is valid again.');
      this.lastReported = report;
    }
    this.updateStatus(loaded);
  }

  private updateStatus(loaded: LoadedConfig): void {
    const n = loaded.problems.length;
    this.status.text = n ? `$(warning) MLOps` : `$(beaker) MLOps`;
    this.status.tooltip = n
      ? `mlops.json has ${n} problem${n === 1 ? '' : 's'}; click to see them`
      : loaded.exists
        ? 'MLOps Workbench: show the overview'
        : 'MLOps Workbench: no mlops.json yet; click to see the overview';
    this.status.command = n ? 'workbench.actions.view.problems' : 'mlops.showOverview';
    this.status.backgroundColor = n ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.status.show();
  }

  dispose(): void {
    this.diagnostics.dispose();
  }
}
