import * as vscode from 'vscode';
import type { MonitorConfig } from '../../core/config/types';
import { TreeProvider } from './treeProvider';

type Node = { name: string; monitor: MonitorConfig };

/** Drift monitors declared in mlops.json. */
export class MonitorsTree extends TreeProvider<Node> {
  protected children(element?: Node): Node[] {
    if (element) return [];
    return Object.entries(this.state.config.config.monitors).map(([name, monitor]) => ({ name, monitor }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('graph-line');
    item.description = `${node.monitor.current} vs ${node.monitor.reference}`;
    item.tooltip = `Compares ${node.monitor.current} with the reference ${node.monitor.reference}; drifted when ${Math.round((node.monitor.driftShare ?? 0.5) * 100)}% of columns drift.`;
    item.contextValue = 'monitor';
    return item;
  }
}
