import * as path from 'node:path';
import * as vscode from 'vscode';
import { datasetVersionCounts } from '../../core/data/datasetRecords';
import type { DatasetConfig } from '../../core/config/types';
import { TreeProvider } from './treeProvider';

type Node = { name: string; dataset: DatasetConfig; versions: number };

/** The datasets named in mlops.json, with how many versions the store holds of each. */
export class DatasetsTree extends TreeProvider<Node> {
  protected children(element?: Node): Node[] {
    if (element) return [];
    const store = this.state.existingStore();
    const counts = store ? datasetVersionCounts(store) : new Map<string, number>();
    return Object.entries(this.state.config.config.datasets).map(([name, dataset]) => ({ name, dataset, versions: counts.get(name) ?? 0 }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('database');
    item.description = `${node.dataset.path} · ${node.versions} version${node.versions === 1 ? '' : 's'}`;
    item.tooltip = node.dataset.description ?? node.dataset.path;
    item.contextValue = 'dataset';
    if (this.state.root && !/[*?[]/.test(node.dataset.path)) {
      item.resourceUri = vscode.Uri.file(path.join(this.state.root, node.dataset.path));
      item.command = { command: 'vscode.open', title: 'Open', arguments: [item.resourceUri] };
    }
    return item;
  }
}
