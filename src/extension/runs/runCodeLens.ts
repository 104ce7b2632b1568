import * as vscode from 'vscode';
import { runLocations } from '../../core/config/runLocations';
import { experimentSummary, type ExperimentSummary } from '../../core/tracking/experimentSummary';
import { formatNumber } from '../../shared/format';
import { LastShown } from '../lastShown';
import type { WorkbenchState } from '../workbenchState';

interface Summary {
  metric?: string;
  summary?: ExperimentSummary;
}

/** "Run", "Sweep" and "12 runs, best val/acc 0.94" above each run config in mlops.json. */
export class RunCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** The run configs whose lenses the editor asked for last, and their summaries as shown. */
  private names: string[] | undefined;
  private readonly shown = new LastShown();

  constructor(private readonly state: WorkbenchState) {
    // A store change refreshes the lenses only when a summary they show changed: a streaming run
    // changes the store twice a second and its experiment's count and best only at its start and end.
    state.onDidChange(() => this.refreshIfChanged());
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());
  }

  private summaries(names: string[]): Map<string, Summary> {
    const store = this.state.existingStore();
    return new Map(
      names.map((name) => {
        const metric = this.state.config.config.runs[name]?.primaryMetric;
        return [name, { metric, summary: store ? experimentSummary(store, name, metric) : undefined }];
      }),
    );
  }

  private refreshIfChanged(): void {
    // Never asked for (mlops.json not open): the editor asks when it opens the file.
    if (!this.names) return;
    if (this.shown.differs(summaryKey(this.summaries(this.names)))) this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const locations = runLocations(doc.getText());
    this.names = locations.map((loc) => loc.name);
    const summaries = this.summaries(this.names);
    this.shown.differs(summaryKey(summaries));
    return locations.flatMap((loc) => {
      const range = new vscode.Range(doc.positionAt(loc.offset), doc.positionAt(loc.offset));
      if (!vscode.workspace.isTrusted) {
        return [new vscode.CodeLens(range, { title: '$(shield) Restricted Mode: trust this workspace to run', command: 'workbench.trust.manage' })];
      }
      const lenses = [new vscode.CodeLens(range, { title: '$(play) Run', command: 'mlops.run', arguments: [loc.name], tooltip: `Run ${loc.name}` })];
      lenses.push(new vscode.CodeLens(range, { title: 'Run with Params…', command: 'mlops.runWithParams', arguments: [loc.name] }));
      if (loc.hasSweep) lenses.push(new vscode.CodeLens(range, { title: '$(run-all) Sweep', command: 'mlops.sweep', arguments: [loc.name] }));
      const { metric, summary: s } = summaries.get(loc.name) ?? {};
      if (s?.runs) {
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
      return lenses;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Everything of the summaries that a lens shows or links to. */
const summaryKey = (summaries: Map<string, Summary>) =>
  JSON.stringify([...summaries].map(([name, { metric, summary: s }]) => [name, metric, s?.runs, s?.best?.runId, s?.best?.value]));
