import * as vscode from 'vscode';
import type { ModelConfig } from '../../core/config/types';
import { listModels } from '../../core/registry/modelRecords';
import { TreeProvider } from './treeProvider';

type Node = { name: string; config?: ModelConfig; versions: number; latest?: number };

/** Models declared in mlops.json or registered in the store. */
export class ModelsTree extends TreeProvider<Node> {
  protected children(element?: Node): Node[] {
    if (element) return [];
    const store = this.state.existingStore();
    const nodes = new Map<string, Node>();
    for (const [name, config] of Object.entries(this.state.config.config.models)) nodes.set(name, { name, config, versions: 0 });
    for (const m of store ? listModels(store) : []) {
      nodes.set(m.name, { ...nodes.get(m.name), name: m.name, versions: m.versions, latest: m.latestVersion });
    }
    return [...nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('package');
    const ranking = node.config ? `${node.config.direction === 'minimize' ? 'min' : 'max'} ${node.config.metric}` : '';
    item.description = [`${node.versions} version${node.versions === 1 ? '' : 's'}`, ranking].filter(Boolean).join(' · ');
    item.tooltip = node.config?.description ?? (node.latest ? `latest version ${node.latest}` : 'no versions yet');
    item.contextValue = 'model';
    return item;
  }
}
