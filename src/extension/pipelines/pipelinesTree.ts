import * as vscode from 'vscode';
import { formatCost } from '../../shared/costFormat';
import { dagStateWords, type DagState } from '../../shared/dagData';
import type { Log } from '../log';
import { TreeProvider } from '../views/treeProvider';
import type { WorkbenchState } from '../workbenchState';
import type { PipelineStates, PipelineView, StageView } from './pipelineStates';

export type PipelineNode = { kind: 'pipeline'; name: string } | { kind: 'stage'; pipeline: string; stage: string };

const stateIcons: Record<DagState, vscode.ThemeIcon> = {
  'up-to-date': new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  stale: new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  cached: new vscode.ThemeIcon('archive', new vscode.ThemeColor('charts.blue')),
  running: new vscode.ThemeIcon('sync~spin'),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  restored: new vscode.ThemeIcon('history', new vscode.ThemeColor('testing.iconPassed')),
};

/** "$0.004 last run" in the row; prices are the user's currency, USD unless mlops.json says otherwise. */
function costText(s: StageView, currency: string): string {
  return s.lastCost === undefined ? '' : ` · ${formatCost({ amount: s.lastCost, currency })}`;
}

/**
 * The pipelines of mlops.json; under each, its stages in graph order with their state (up to date,
 * stale, cached, running, failed, restored from cache). A stage's tooltip says why it would run.
 * Context values: "pipeline" (+ " running"), "pipelineStage" (+ " hasRun" when it has a run to show).
 */
export class PipelinesTree extends TreeProvider<PipelineNode> {
  private readonly statesChanged: vscode.Disposable;

  constructor(
    state: WorkbenchState,
    log: Log,
    private readonly states: PipelineStates,
  ) {
    super(state, log);
    this.statesChanged = states.onDidChange(() => this.refresh());
  }

  override dispose(): void {
    this.statesChanged.dispose();
    super.dispose();
  }

  /** A repro's progress shows at once. */
  protected override redrawInterval(): number {
    return 150;
  }

  /** Its rows come from the states in memory: a store change that moves no state redraws nothing. */
  protected override redrawNeeded(): boolean {
    return this.rowsChanged();
  }

  protected children(element?: PipelineNode): PipelineNode[] {
    if (!element) return this.states.pipelines().map((p) => ({ kind: 'pipeline', name: p.name }));
    if (element.kind === 'stage') return [];
    return (this.states.pipeline(element.name)?.stages ?? []).map((s) => ({ kind: 'stage', pipeline: element.name, stage: s.stage }));
  }

  getParent(element: PipelineNode): PipelineNode | undefined {
    return element.kind === 'stage' ? { kind: 'pipeline', name: element.pipeline } : undefined;
  }

  getTreeItem(node: PipelineNode): vscode.TreeItem {
    const p = this.states.pipeline(node.kind === 'pipeline' ? node.name : node.pipeline);
    if (node.kind === 'pipeline') return pipelineItem(node.name, p);
    const s = p?.stages.find((x) => x.stage === node.stage);
    const item = new vscode.TreeItem(node.stage, vscode.TreeItemCollapsibleState.None);
    item.id = `stage:${node.pipeline}/${node.stage}`;
    if (!s) return item;
    const currency = this.state.config.config.cost?.currency ?? 'USD';
    item.iconPath = stateIcons[s.state];
    item.description = `${dagStateWords[s.state]}${costText(s, currency)}`;
    const lines = [
      `${node.pipeline} / ${node.stage}: ${dagStateWords[s.state]}`,
      ...(s.description ? [s.description] : []),
      ...s.reasons.map((r) => `• ${r}`),
      ...(s.lastCost !== undefined ? [`Last execution cost ${formatCost({ amount: s.lastCost, currency })}`] : []),
    ];
    item.tooltip = lines.join('\n');
    item.contextValue = `pipelineStage${s.runId ? ' hasRun' : ''}`;
    return item;
  }
}

function pipelineItem(name: string, p: PipelineView | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `pipeline:${name}`;
  item.iconPath = new vscode.ThemeIcon(p?.error ? 'warning' : 'type-hierarchy-sub');
  item.contextValue = `pipeline${p?.running ? ' running' : ''}`;
  if (!p) return item;
  const stale = p.stages.filter((s) => s.state === 'stale' || s.state === 'cached').length;
  const failed = p.stages.filter((s) => s.state === 'failed').length;
  // Up to date only when every stage is: not while one runs, has failed or waits to run.
  const upToDate = p.stages.every((s) => s.state === 'up-to-date' || s.state === 'restored');
  item.description = p.error
    ? 'invalid: see the tooltip'
    : [p.running ? 'running' : '', `${p.stages.length} stage${p.stages.length === 1 ? '' : 's'}`, failed ? `${failed} failed` : '', stale ? `${stale} stale` : '', upToDate ? 'up to date' : ''].filter(Boolean).join(' · ');
  item.tooltip = p.error ?? [p.description, `${p.stages.length} stages, ${p.edges.length} links between them.`].filter(Boolean).join('\n');
  return item;
}
