import * as vscode from 'vscode';
import { listRuns, type RunRecord, type RunStatus } from '../../core/tracking/runRecords';
import { formatDuration } from '../../shared/format';
import { TreeProvider } from './treeProvider';

type Node = { kind: 'experiment'; name: string; runs: RunRecord[] } | { kind: 'run'; run: RunRecord };

const statusIcons: Record<RunStatus, vscode.ThemeIcon> = {
  queued: new vscode.ThemeIcon('clock'),
  running: new vscode.ThemeIcon('loading~spin'),
  finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  killed: new vscode.ThemeIcon('circle-slash'),
  lost: new vscode.ThemeIcon('question', new vscode.ThemeColor('problemsWarningIcon.foreground')),
};

/** Runs grouped by experiment, newest first. */
export class RunsTree extends TreeProvider<Node> {
  protected children(element?: Node): Node[] {
    if (element?.kind === 'experiment') return element.runs.map((run) => ({ kind: 'run', run }));
    if (element) return [];
    const store = this.state.existingStore();
    if (!store) return [];
    const groups = new Map<string, RunRecord[]>();
    for (const run of listRuns(store)) {
      const list = groups.get(run.experiment) ?? [];
      list.push(run);
      groups.set(run.experiment, list);
    }
    return [...groups].map(([name, runs]) => ({ kind: 'experiment', name, runs }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'experiment';
      return item;
    }
    const { run } = node;
    const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.None);
    item.id = run.id;
    item.iconPath = statusIcons[run.status];
    const end = run.endedAt ?? (run.status === 'running' ? Date.now() : undefined);
    item.description = [run.status, run.startedAt && end ? formatDuration(end - run.startedAt) : ''].filter(Boolean).join(' · ');
    const tip = new vscode.MarkdownString(`**${run.name}** \`${run.id}\`\n\n${run.status}${run.exitCode !== undefined ? ` (exit ${run.exitCode})` : ''}\n\n`);
    tip.appendCodeblock(run.command, 'sh');
    const params = Object.entries(run.params);
    if (params.length) tip.appendMarkdown('\n' + params.map(([k, v]) => `- ${k} = \`${JSON.stringify(v)}\``).join('\n'));
    item.tooltip = tip;
    item.contextValue = `run.${run.status}`;
    return item;
  }
}
