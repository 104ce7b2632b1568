import * as vscode from 'vscode';
import type { ModelConfig } from '../../core/config/types';
import { listVersions as listDatasetVersions } from '../../core/data/datasetVersions';
import { formatModelRef } from '../../core/registry/modelRef';
import { listModels, listVersions } from '../../core/registry/modelVersions';
import type { ModelSummary, ModelVersion } from '../../core/registry/types';
import type { Store } from '../../core/store/store';
import { getInputs, getRun, type RunRecord } from '../../core/tracking/runRecords';
import { formatNumber } from '../../shared/format';
import { formatSize } from './datasetsTree';
import { markVersion } from '../team/versionBadges';
import { TreeProvider, type TreeRow } from './treeProvider';

export type ModelNode =
  | { kind: 'model'; name: string; config?: ModelConfig; summary?: ModelSummary }
  | { kind: 'version'; v: ModelVersion; config?: ModelConfig }
  | { kind: 'run'; model: string; versionId: number; runId: string | null; run?: RunRecord }
  | { kind: 'dataset'; model: string; versionId: number; dataset: string; version: number; path: string; datasetVersionId?: number };

/** One row as the tree shows it: what a test reads. */
export type ModelRow = TreeRow;

/** Aliases a user set, `champion` first; `latest` (automatic) last. */
export function orderAliases(aliases: readonly string[]): string[] {
  const rank = (a: string) => (a === 'champion' ? 0 : a === 'latest' ? 2 : 1);
  return [...aliases].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const metricText = (v: ModelVersion, metric: string | undefined) => {
  if (!metric || !(metric in v.metrics)) return '';
  const value = v.metrics[metric];
  return `${metric} ${value === null ? 'NaN' : formatNumber(value)}`;
};

const escapeMd = (s: string) => s.replace(/[\\`*_[\]<>]/g, '\\$&');

/**
 * Models of mlops.json and the store -> versions, newest first, with their aliases, ranking metric and
 * source run -> the version's lineage (the source run, the dataset versions it read). Redraws only when
 * the registry or mlops.json's models change, not on every metric a running run logs.
 */
export class ModelsTree extends TreeProvider<ModelNode> {
  private shape: string | undefined;

  override refresh(): void {
    const shape = this.fingerprint();
    if (shape === this.shape) return;
    this.shape = shape;
    super.refresh();
  }

  /** What the tree shows depends on: mlops.json's models, the versions, aliases and tags, and which runs exist. */
  private fingerprint(): string {
    let registry = '';
    try {
      const store = this.state.existingStore();
      registry = store
        ? JSON.stringify(
            store.db
              .prepare(
                `SELECT (SELECT COUNT(*) || ':' || IFNULL(MAX(id), 0) FROM model_versions) AS versions,
                        (SELECT IFNULL(MAX(id), 0) FROM alias_events) AS moves,
                        (SELECT COUNT(*) || ':' || TOTAL(length(key) + length(value)) FROM model_version_tags) AS tags,
                        (SELECT COUNT(*) FROM runs) AS runs`,
              )
              .get(),
          )
        : '';
    } catch {
      registry = String(Date.now()); // an older store: redraw, and let the tree report what it cannot read
    }
    return `${JSON.stringify(this.state.config.config.models)}|${registry}`;
  }

  protected children(element?: ModelNode): ModelNode[] {
    const store = this.state.existingStore();
    if (!element) return this.models(store);
    if (!store) return [];
    if (element.kind === 'model') return element.summary ? listVersions(store, element.name).map((v) => ({ kind: 'version', v, config: element.config })) : [];
    if (element.kind === 'version') return this.lineage(store, element.v);
    return [];
  }

  private models(store: Store | undefined): ModelNode[] {
    const nodes = new Map<string, ModelNode & { kind: 'model' }>();
    for (const [name, config] of Object.entries(this.state.config.config.models)) nodes.set(name, { kind: 'model', name, config });
    for (const summary of store ? listModels(store) : []) nodes.set(summary.name, { kind: 'model', name: summary.name, config: nodes.get(summary.name)?.config, summary });
    return [...nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private lineage(store: Store, v: ModelVersion): ModelNode[] {
    const base = { model: v.model, versionId: v.id };
    const run = v.runId ? getRun(store, v.runId) : undefined;
    const nodes: ModelNode[] = [{ kind: 'run', ...base, runId: v.runId, run }];
    if (!run) return nodes;
    for (const input of getInputs(store, run.id)) {
      if (!input.dataset) continue;
      const { name, version } = input.dataset;
      const dv = listDatasetVersions(store, name, input.path).find((d) => d.version === version);
      nodes.push({ kind: 'dataset', ...base, dataset: name, version, path: input.path, datasetVersionId: dv?.id });
    }
    return nodes;
  }

  /** The models the view lists, by name. */
  modelNames(): string[] {
    return this.models(this.state.existingStore()).flatMap((m) => (m.kind === 'model' ? [m.name] : []));
  }

  /** The root node of a model, for reveal(). */
  modelNode(name: string): ModelNode | undefined {
    return this.models(this.state.existingStore()).find((m) => m.kind === 'model' && m.name === name);
  }

  getParent(node: ModelNode): ModelNode | undefined {
    if (node.kind === 'model') return undefined;
    const store = this.state.existingStore();
    const model = node.kind === 'version' ? node.v.model : node.model;
    const parent = this.models(store).find((m) => m.kind === 'model' && m.name === model);
    if (node.kind === 'version' || !store || !parent) return parent;
    return this.children(parent).find((v) => v.kind === 'version' && v.v.id === node.versionId);
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    switch (node.kind) {
      case 'model':
        return this.modelItem(node);
      case 'version':
        return this.versionItem(node.v, node.config);
      case 'run':
        return this.runItem(node);
      case 'dataset': {
        const item = new vscode.TreeItem(`${node.dataset}@${node.version}`, vscode.TreeItemCollapsibleState.None);
        item.id = `model-version:${node.versionId}:dataset:${node.dataset}:${node.path}`;
        item.iconPath = new vscode.ThemeIcon('database');
        item.description = node.path;
        item.tooltip = `Version ${node.version} of dataset ${node.dataset} (${node.path}), read by the run this version was trained in.`;
        item.contextValue = 'modelLineageDataset';
        if (node.datasetVersionId !== undefined) item.command = { command: 'mlops.openVersion', title: 'Open Version', arguments: [{ versionId: node.datasetVersionId }] };
        return item;
      }
    }
  }

  private modelItem(node: ModelNode & { kind: 'model' }): vscode.TreeItem {
    const { name, config, summary } = node;
    const versions = summary?.versions ?? 0;
    const item = new vscode.TreeItem(name, versions ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `model:${name}`;
    item.iconPath = new vscode.ThemeIcon('package');
    const champion = summary?.aliases.champion;
    item.description = [
      `${versions} version${versions === 1 ? '' : 's'}`,
      config ? `${config.direction === 'minimize' ? 'min' : 'max'} ${config.metric}` : '',
      champion !== undefined ? `champion v${champion}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const tip = new vscode.MarkdownString(`**${escapeMd(name)}**`);
    const description = config?.description || summary?.description;
    if (description) tip.appendMarkdown(`\n\n${escapeMd(description)}`);
    if (config) tip.appendMarkdown(`\n\nRanked by \`${config.metric}\` (${config.direction ?? 'maximize'})`);
    const aliases = Object.entries(summary?.aliases ?? {});
    if (aliases.length) tip.appendMarkdown(`\n\n${aliases.map(([a, v]) => `\`${a}\` → v${v}`).join(', ')}`);
    if (config?.protect?.length) tip.appendMarkdown(`\n\nProtected (move through the gate): ${config.protect.map((a) => `\`${a}\``).join(', ')}`);
    if (!summary) tip.appendMarkdown('\n\nNo versions yet: right-click a run in the Runs view and choose Register as Model.');
    item.tooltip = tip;
    item.contextValue = summary ? 'model' : 'model.unregistered';
    return item;
  }

  private versionItem(v: ModelVersion, config: ModelConfig | undefined): vscode.TreeItem {
    const item = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `model-version:${v.id}`;
    const aliases = orderAliases(v.aliases);
    item.iconPath = new vscode.ThemeIcon(v.aliases.includes('champion') ? 'star-full' : 'versions');
    const store = this.state.existingStore();
    const runName = v.runId && store ? (getRun(store, v.runId)?.name ?? 'run deleted') : 'run deleted';
    item.description = [aliases.join(' · '), metricText(v, config?.metric), runName].filter(Boolean).join(' · ');
    const tip = new vscode.MarkdownString(`**${escapeMd(formatModelRef(v.model, v.version))}**${aliases.length ? ` (${aliases.map((a) => `\`${a}\``).join(', ')})` : ''}`);
    if (v.description) tip.appendMarkdown(`\n\n${escapeMd(v.description)}`);
    const metrics = Object.entries(v.metrics);
    if (metrics.length) tip.appendMarkdown('\n\n' + metrics.map(([k, x]) => `- ${escapeMd(k)} = ${x === null ? 'NaN' : formatNumber(x)}`).join('\n'));
    const tags = Object.entries(v.tags);
    if (tags.length) tip.appendMarkdown('\n\nTags: ' + tags.map(([k, x]) => `\`${k}=${x}\``).join(', '));
    tip.appendMarkdown(`\n\nArtifact: \`${v.artifact.path}\` (${v.artifact.kind}, ${formatSize(v.artifact.size)}, \`${v.artifact.hash.slice(0, 12)}\`)`);
    tip.appendMarkdown(`\n\nRegistered by ${escapeMd(v.registeredBy || 'unknown')} on ${new Date(v.createdAt).toLocaleString()}`);
    item.tooltip = tip;
    // ".aliased" when a user-set alias points here: Remove Alias is offered, Delete is refused.
    item.contextValue = v.aliases.some((a) => a !== 'latest') ? 'modelVersion.aliased' : 'modelVersion';
    markVersion(item, this.state, 'model', v.id);
    return item;
  }

  private runItem(node: ModelNode & { kind: 'run' }): vscode.TreeItem {
    const { run } = node;
    const item = new vscode.TreeItem(run ? run.name : 'source run deleted', vscode.TreeItemCollapsibleState.None);
    item.id = `model-version:${node.versionId}:run`;
    item.iconPath = new vscode.ThemeIcon(run ? 'beaker' : 'circle-slash');
    item.description = run ? `run · ${run.experiment} · ${run.status}` : (node.runId ?? '');
    item.tooltip = run ? `The run this version was registered from: ${run.name} (${run.id}). Click to show its metrics.` : 'The run this version came from was deleted; the version keeps its copied metrics.';
    item.contextValue = run ? 'modelLineageRun' : 'modelLineageRun.deleted';
    if (run) item.command = { command: 'mlops.showMetrics', title: 'Show Metrics', arguments: [run.id] };
    return item;
  }

}
