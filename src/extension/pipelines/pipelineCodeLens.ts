import * as vscode from 'vscode';
import { pipelineLocations } from '../../core/config/runLocations';
import { LastShown } from '../lastShown';
import type { PipelineStates, PipelineView } from './pipelineStates';

/** "Run Pipeline · Show DAG · 3 stale" above each pipeline in mlops.json. */
export class PipelineCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** The pipelines' status lenses as last shown: states recomputed to the same words send nothing. */
  private readonly shown = new LastShown();

  constructor(private readonly states: PipelineStates) {
    this.subscriptions = [
      states.onDidChange(() => {
        if (this.shown.shown && this.shown.differs(this.statusKey())) this.changed.fire();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    ];
  }

  private statusKey(): string {
    return JSON.stringify(this.states.pipelines().map((p) => [p.name, ...statusLens(p)]));
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    this.shown.differs(this.statusKey());
    return pipelineLocations(doc.getText()).flatMap((loc) => {
      const range = new vscode.Range(doc.positionAt(loc.offset), doc.positionAt(loc.offset));
      const lenses = vscode.workspace.isTrusted
        ? [new vscode.CodeLens(range, { title: '$(play) Run Pipeline', command: 'mlops.runPipeline', arguments: [loc.name], tooltip: `Run the stages of ${loc.name} that are not up to date` })]
        : [new vscode.CodeLens(range, { title: '$(shield) Restricted Mode: trust this workspace to run', command: 'workbench.trust.manage' })];
      lenses.push(new vscode.CodeLens(range, { title: 'Show DAG', command: 'mlops.showPipelineDag', arguments: [loc.name] }));
      const p = this.states.pipeline(loc.name);
      if (p) {
        const [title, tooltip] = statusLens(p);
        lenses.push(new vscode.CodeLens(range, { title, command: 'mlops.pipelines.focus', tooltip }));
      }
      return lenses;
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/** A pipeline's status lens: its title and tooltip. */
function statusLens(p: PipelineView): [string, string] {
  const stale = p.stages.filter((s) => s.state === 'stale' || s.state === 'cached').length;
  const failed = p.stages.filter((s) => s.state === 'failed').length;
  const title = p.error ? '$(warning) invalid' : p.running ? '$(sync~spin) running' : failed ? `${failed} failed` : stale ? `${stale} stale` : 'up to date';
  return [title, p.error ?? 'Show the Pipelines view'];
}
