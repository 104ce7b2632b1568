import * as vscode from 'vscode';
import { DEFAULT_CURRENCY } from '../../core/cost/prices';
import { getPipelineRun, type PipelineRunRecord } from '../../core/pipelines/pipelineRuns';
import { latestMetricByRun } from '../../core/tracking/experimentSummary';
import { runAuthorship, type RunAuthorship } from '../../core/tracking/runAuthorship';
import { getArtifacts, listRuns, runsFingerprint, type RunArtifact, type RunRecord, type RunStatus } from '../../core/tracking/runRecords';
import type { Log } from '../log';
import { authorName, resolvedAuthor, type RunAuthorFilter } from '../team/runAuthorFilter';
import type { WorkbenchState } from '../workbenchState';
import { formatDuration, formatNumber } from '../../shared/format';
import { usageText } from '../runs/usageText';
import { formatSize } from './datasetsTree';
import { TreeProvider } from './treeProvider';

type Node =
  | { kind: 'experiment'; name: string; runs: RunRecord[] }
  /** The stage runs of one `mlops repro` (Run Pipeline), under the pipeline's experiment. */
  | { kind: 'pipelineRun'; pipelineRun: PipelineRunRecord | undefined; id: string; runs: RunRecord[] }
  | { kind: 'run'; run: RunRecord; metric?: { key: string; value: number }; artifacts: RunArtifact[] }
  | { kind: 'artifact'; runId: string; artifact: RunArtifact };

const statusIcons: Record<RunStatus, vscode.ThemeIcon> = {
  queued: new vscode.ThemeIcon('clock'),
  running: new vscode.ThemeIcon('loading~spin'),
  finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  killed: new vscode.ThemeIcon('circle-slash'),
  lost: new vscode.ThemeIcon('question', new vscode.ThemeColor('problemsWarningIcon.foreground')),
};

/** Runs grouped by experiment, newest first, each with its primary metric's latest value. */
export class RunsTree extends TreeProvider<Node> {
  private shape = '';
  /** Each run's author and origin, read once per redraw of the top level. */
  private authorship = new Map<string, RunAuthorship>();
  private readonly filterChanged: { dispose(): void } | undefined;

  constructor(
    state: WorkbenchState,
    log: Log,
    private readonly authorFilter?: RunAuthorFilter,
  ) {
    super(state, log);
    this.filterChanged = authorFilter?.onDidChange(() => this.refresh());
  }

  override dispose(): void {
    this.filterChanged?.dispose();
    super.dispose();
  }

  /**
   * A new run or a changed status redraws within a second; the figures of running runs (metric,
   * duration) every five seconds, so the user's clicks rarely meet a redraw.
   */
  protected override redrawInterval(): number {
    const store = this.state.existingStore();
    const shape = store ? runsFingerprint(store) : '';
    const changed = shape !== this.shape;
    this.shape = shape;
    return changed ? 1000 : 5000;
  }

  protected children(element?: Node): Node[] {
    if (element?.kind === 'experiment') {
      const rows = this.groupByPipelineRun(element.runs);
      const runs = new Map(this.runNodes(element.name, rows.filter((r): r is RunRecord => !('kind' in r))).map((n) => [n.run.id, n]));
      return rows.map((r) => ('kind' in r ? r : runs.get(r.id)!));
    }
    if (element?.kind === 'pipelineRun') return this.runNodes(undefined, [...element.runs].reverse());
    if (element?.kind === 'run') return element.artifacts.map((artifact) => ({ kind: 'artifact', runId: element.run.id, artifact }));
    if (element) return [];
    const store = this.state.existingStore();
    if (!store) return [];
    this.authorship = runAuthorship(store);
    const only = this.authorFilter?.author;
    const groups = new Map<string, RunRecord[]>();
    for (const run of listRuns(store)) {
      if (only !== undefined && resolvedAuthor(this.state.root, this.authorship.get(run.id)) !== only) continue;
      const list = groups.get(run.experiment) ?? [];
      list.push(run);
      groups.set(run.experiment, list);
    }
    return [...groups].map(([name, runs]) => ({ kind: 'experiment', name, runs }));
  }

  /** Runs as rows, each with its experiment's primary metric (when it has one) and its stored artifacts. */
  private runNodes(experiment: string | undefined, runs: RunRecord[]): Extract<Node, { kind: 'run' }>[] {
    const key = experiment === undefined ? undefined : this.state.config.config.runs[experiment]?.primaryMetric;
    const store = this.state.existingStore();
    const latest = key && store ? latestMetricByRun(store, key, runs.map((r) => r.id)) : new Map<string, number>();
    // Stored artifacts only (a logged path gets its hash when the run ends): Register as Model works on them.
    const artifacts = (id: string) => (store ? getArtifacts(store, id).filter((a) => a.hash) : []);
    return runs.map((run) => ({ kind: 'run', run, metric: key && latest.has(run.id) ? { key, value: latest.get(run.id)! } : undefined, artifacts: artifacts(run.id) }));
  }

  /** A pipeline run's stage runs become one row, where its newest run stood; other runs stay as they are. */
  private groupByPipelineRun(runs: RunRecord[]): (RunRecord | Extract<Node, { kind: 'pipelineRun' }>)[] {
    const store = this.state.existingStore();
    const groups = new Map<string, Extract<Node, { kind: 'pipelineRun' }>>();
    const out: (RunRecord | Extract<Node, { kind: 'pipelineRun' }>)[] = [];
    for (const run of runs) {
      if (!run.pipelineRunId) {
        out.push(run);
        continue;
      }
      const g = groups.get(run.pipelineRunId);
      if (g) g.runs.push(run);
      else {
        const added = { kind: 'pipelineRun' as const, id: run.pipelineRunId, pipelineRun: store && getPipelineRun(store, run.pipelineRunId), runs: [run] };
        groups.set(run.pipelineRunId, added);
        out.push(added);
      }
    }
    return out;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'pipelineRun') return pipelineRunItem(node);
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      // "experiment.config" when mlops.json can launch it again: the inline Run action shows then.
      item.contextValue = this.state.config.config.runs[node.name] ? 'experiment.config' : 'experiment';
      item.id = `experiment:${node.name}`;
      return item;
    }
    if (node.kind === 'artifact') {
      const item = new vscode.TreeItem(node.artifact.path, vscode.TreeItemCollapsibleState.None);
      item.id = `${node.runId}:artifact:${node.artifact.path}`;
      item.iconPath = new vscode.ThemeIcon('file-binary');
      item.description = formatSize(node.artifact.size);
      item.tooltip = `${node.artifact.path}: an artifact of this run, stored as ${node.artifact.hash.slice(0, 12)}. Register as Model makes it a model version.`;
      item.contextValue = 'runArtifact';
      return item;
    }
    const { run, metric } = node;
    const item = new vscode.TreeItem(run.name, node.artifacts.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = run.id;
    item.iconPath = statusIcons[run.status];
    const end = run.endedAt ?? (run.status === 'running' ? Date.now() : undefined);
    const who = this.authorship.get(run.id);
    const author = resolvedAuthor(this.state.root, who);
    item.description = [
      // A teammate's run (pulled) says whose it is; one's own needs no name.
      who?.origin === 'team' ? `by ${authorName(author)}` : '',
      metric ? `${metric.key} ${formatNumber(metric.value)}` : run.status === 'finished' ? '' : run.status,
      run.startedAt && end ? formatDuration(end - run.startedAt) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const tip = new vscode.MarkdownString(`**${run.name}** \`${run.id}\`\n\n${run.status}${run.exitCode !== undefined ? ` (exit ${run.exitCode})` : ''}${run.note ? `\n\n_${run.note}_` : ''}\n\n`);
    // In a code span: an author is "Name <email>", which Markdown would take for HTML.
    tip.appendMarkdown(`Author: \`${author.replace(/`/g, "'")}\`${who?.origin === 'team' ? ' (pulled from the team store)' : ''}\n\n`);
    tip.appendCodeblock(run.command, 'sh');
    const params = Object.entries(run.params);
    if (params.length) tip.appendMarkdown('\n' + params.map(([k, v]) => `- ${k} = \`${JSON.stringify(v)}\``).join('\n'));
    // Measured runs only: a run from before measuring shows no usage rather than zeros.
    if (run.cpuSeconds !== undefined) {
      const cost = run.cost !== undefined ? { amount: run.cost, currency: run.currency ?? DEFAULT_CURRENCY } : undefined;
      tip.appendMarkdown(`\n\n${usageText({ cpuSeconds: run.cpuSeconds, gpuSeconds: run.gpuSeconds }, cost)}`);
    }
    item.tooltip = tip;
    item.contextValue = `run.${run.status}`;
    // No arguments on purpose: VS Code drops a tree item's command arguments when the tree refreshes
    // under the pointer ("actual command not found"); the command reads the view's selection instead.
    item.command = { command: 'mlops.showSelectedRunMetrics', title: 'Show Metrics' };
    return item;
  }

}

/** "pipeline run · 3 stages", its status and duration; its stage runs under it, in the order they ran. */
function pipelineRunItem(node: Extract<Node, { kind: 'pipelineRun' }>): vscode.TreeItem {
  const p = node.pipelineRun;
  const item = new vscode.TreeItem(`pipeline run ${p ? new Date(p.startedAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : node.id}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `pipelineRun:${node.id}`;
  item.iconPath = p ? statusIcons[p.status] : new vscode.ThemeIcon('type-hierarchy-sub');
  const end = p?.endedAt ?? (p?.status === 'running' ? Date.now() : undefined);
  item.description = [`${node.runs.length} stage run${node.runs.length === 1 ? '' : 's'}`, p?.status ?? '', p && end ? formatDuration(end - p.startedAt) : ''].filter(Boolean).join(' · ');
  item.tooltip = `Pipeline run ${node.id}${p ? ` of ${p.pipeline}${p.targetStage ? ` (stage ${p.targetStage} and what it depends on)` : ''}: ${p.status}` : ''}. The stages it ran are under it; those restored or up to date made no run.`;
  item.contextValue = 'pipelineRun';
  return item;
}
