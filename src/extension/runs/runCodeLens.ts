import * as vscode from 'vscode';
import { runLocations } from '../../core/config/runLocations';
import { experimentSummary } from '../../core/tracking/experimentSummary';
import { formatNumber } from '../../shared/format';
import type { WorkbenchState } from '../workbenchState';

/** "Run", "Sweep" and "12 runs, best val/acc 0.94" above each run config in mlops.json. */
export class RunCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly state: WorkbenchState) {
    state.onDidChange(() => this.changed.fire());
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const store = this.state.existingStore();
    return runLocations(doc.getText()).flatMap((loc) => {
      const range = new vscode.Range(doc.positionAt(loc.offset), doc.positionAt(loc.offset));
      if (!vscode.workspace.isTrusted) {
        return [new vscode.CodeLens(range, { title: '$(shield) Restricted Mode: trust this workspace to run', command: 'workbench.trust.manage' })];
      }
      const lenses = [new vscode.CodeLens(range, { title: '$(play) Run', command: 'mlops.run', arguments: [loc.name], tooltip: `Run ${loc.name}` })];
      lenses.push(new vscode.CodeLens(range, { title: 'Run with Params…', command: 'mlops.runWithParams', arguments: [loc.name] }));
      if (loc.hasSweep) lenses.push(new vscode.CodeLens(range, { title: '$(run-all) Sweep', command: 'mlops.sweep', arguments: [loc.name] }));
      if (store) {
        const metric = this.state.config.config.runs[loc.name]?.primaryMetric;
        const s = experimentSummary(store, loc.name, metric);
        if (s.runs) {
          const best = s.best && metric ? `, best ${metric} ${formatNumber(s.best.value)}` : '';
          lenses.push(
            new vscode.CodeLens(range, {
              title: `${s.runs} run${s.runs === 1 ? '' : 's'}${best}`,
              command: s.best ? 'mlops.showMetrics' : 'workbench.view.extension.mlops',
              arguments: s.best ? [[s.best.runId]] : [],
              tooltip: s.best ? 'Show the best run\'s metrics' : 'Show the Runs view',
            }),
          );
        }
      }
      return lenses;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
