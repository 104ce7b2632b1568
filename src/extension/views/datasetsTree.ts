import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatSize } from '../../shared/format';
import { resolveDataset } from '../../core/data/datasetItems';
import { datasetStatus, type ItemStatus } from '../../core/data/datasetStatus';
import { latestVersion, listVersions, runsReadingVersion, versionedItems, type DatasetVersion } from '../../core/data/datasetVersions';
import { describeResult } from '../../core/quality/describeResult';
import { failedExpectations } from '../../core/quality/validateNewVersions';
import { latestValidation } from '../../core/quality/validationStore';
import type { CommandId } from '../commands/commandIds';
import { OFF_THREAD_BYTES } from '../data/datasetWatching';
import type { Log } from '../log';
import { markVersion } from '../team/versionBadges';
import type { WorkbenchState } from '../workbenchState';
import { ageChangesAt, formatAge } from './relativeAge';
import { TreeProvider, type TreeRow } from './treeProvider';

export type DatasetNode =
  | { kind: 'dataset'; name: string; declared: string; shape: 'file' | 'glob' | 'directory'; problem?: string }
  | { kind: 'item'; dataset: string; item: string }
  | { kind: 'version'; v: DatasetVersion };

const statusKey = (dataset: string, item: string) => `${dataset}\0${item}`;

/** One row as the tree shows it: what a test reads. */
export type DatasetRow = TreeRow;

/** A version's newest validation as the tree shows it: what failed, one line each. */
export interface ValidationBadge {
  state: 'pass' | 'fail';
  failed: string[];
}

const badgeText = (b: ValidationBadge | undefined) => (!b ? '' : b.state === 'pass' ? 'passes' : `fails ${b.failed.length}`);
const badgeColor = (b: ValidationBadge) => new vscode.ThemeColor(b.state === 'pass' ? 'testing.iconPassed' : 'testing.iconFailed');

function appendBadge(tip: vscode.MarkdownString, b: ValidationBadge | undefined, whose = ''): void {
  if (!b) return;
  if (b.state === 'pass') return void tip.appendMarkdown(`\n\n$(pass) ${whose}Every expectation holds.`);
  tip.appendMarkdown(`\n\n$(error) ${whose}Fails:\n`);
  for (const f of b.failed) tip.appendMarkdown(`\n- ${f.replace(/[\\`*_[\]<>]/g, '\\$&')}`);
}

// The views import it from here; the webviews (Overview's storage table) from src/shared.
export { formatSize };

/** What each state of a working file means, for the tooltips (the description shows the state alone). */
const stateHelp: Record<ItemStatus['state'], string> = {
  clean: 'The working file matches its latest version.',
  modified: 'The working file differs from its latest version: Version Now records it.',
  missing: 'The working file is gone: restore a version to bring it back.',
  untracked: 'Not versioned yet: Version Now records its first version.',
};

/** The context value of a dataset or item row: its working file's state rides along, so menus can offer Version Now where it records something. */
const withState = (base: string, s: ItemStatus | undefined) => (s && s.state !== 'clean' ? `${base}.${s.state}` : base);

/**
 * Datasets of mlops.json -> items (globs and folders) -> versions, newest first. The working files'
 * state (modified, missing, which version is current) is computed in the background, since it may
 * hash a changed file, and the tree redraws when it is known.
 */
export class DatasetsTree extends TreeProvider<DatasetNode> {
  private status = new Map<string, ItemStatus>();
  private computing: Promise<void> | undefined;
  private again = false;
  private shown = false;
  private readonly statusSubscription: vscode.Disposable;
  /** Relative ages go stale: the view redraws when the youngest age shown would change, only while it is visible. */
  private visible = false;
  private ageTimer: NodeJS.Timeout | undefined;
  private ageDue: number | undefined;
  private ageRedrawPending = false;
  private ageWaiters: (() => void)[] = [];
  private readonly redrawSubscription: vscode.Disposable;

  constructor(state: WorkbenchState, log: Log) {
    super(state, log);
    // Only once the view has been shown: activation and a hidden view never open the store.
    this.statusSubscription = state.onDidChange(() => this.shown && this.updateStatus());
    this.redrawSubscription = this.onDidChangeTreeData(() => {
      if (!this.ageRedrawPending) return;
      this.ageRedrawPending = false;
      for (const w of this.ageWaiters.splice(0)) w();
    });
  }

  /**
   * Redraws only when its rows would change (a context menu open on a row lost its command when a
   * store change, a run streaming or another dataset versioned, redrew rows that had not changed).
   */
  protected override redrawNeeded(): boolean {
    // A view never shown draws nothing yet, and reading its rows would open the store.
    return !this.shown || this.rowsChanged();
  }

  /** Follows the view's visibility: a hidden view keeps no timer, and ages are redrawn when it shows again. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    clearTimeout(this.ageTimer);
    this.ageTimer = this.ageDue = undefined;
    if (visible) this.refresh();
  }

  /** When the ages shown next go stale (a timestamp), or undefined when no timer runs (hidden view, no version shown). */
  ageRefreshDue(): number | undefined {
    return this.ageDue;
  }

  /** Resolves once the view has redrawn because an age it shows went stale. */
  nextAgeRedraw(): Promise<void> {
    return new Promise((resolve) => this.ageWaiters.push(resolve));
  }

  /** Called for each age drawn: keeps one timer, at the soonest moment any of them reads differently. */
  private noteAge(createdAt: number): void {
    if (!this.visible) return;
    const now = Date.now();
    const at = ageChangesAt(createdAt, now);
    if (this.ageDue !== undefined && this.ageDue <= at) return;
    clearTimeout(this.ageTimer);
    this.ageDue = at;
    this.ageTimer = setTimeout(() => {
      this.ageTimer = this.ageDue = undefined;
      this.ageRedrawPending = true;
      this.refresh();
    }, at - now);
  }

  /** Recomputes the working files' state (one computation at a time; a request meanwhile runs once after). */
  updateStatus(): void {
    if (this.computing) {
      this.again = true;
      return;
    }
    const store = this.state.existingStore();
    if (!store || !this.state.root) return;
    const root = this.state.root;
    this.computing = datasetStatus(store, root, this.state.config.config, undefined, { offThreadBytes: OFF_THREAD_BYTES })
      .then((list) => {
        const next = new Map(list.map((s) => [statusKey(s.dataset, s.item), s]));
        const changed = JSON.stringify([...next]) !== JSON.stringify([...this.status]);
        this.status = next;
        if (changed) this.refresh();
      })
      .catch(() => undefined) // the tree still lists versions; getChildren reports store failures
      .finally(() => {
        this.computing = undefined;
        if (this.again) {
          this.again = false;
          this.updateStatus();
        }
      });
  }

  protected children(element?: DatasetNode): DatasetNode[] {
    const root = this.state.root;
    const config = this.state.config.config;
    if (!element) {
      if (!this.shown) {
        this.shown = true;
        this.updateStatus();
      }
      return Object.entries(config.datasets).map(([name, d]): DatasetNode => {
        try {
          return { kind: 'dataset', name, declared: d.path, shape: root ? resolveDataset(root, config, name).shape : 'file' };
        } catch (err) {
          return { kind: 'dataset', name, declared: d.path, shape: 'file', problem: (err as Error).message };
        }
      });
    }
    const store = this.state.existingStore();
    if (element.kind === 'version') return [];
    if (element.kind === 'item') return store ? listVersions(store, element.dataset, element.item).map((v) => ({ kind: 'version', v })) : [];
    if (element.problem || !store) return [];
    if (element.shape === 'file') return listVersions(store, element.name).map((v) => ({ kind: 'version', v }));
    // Items: what is versioned plus what exists now (untracked glob matches), in path order.
    const items = new Set(versionedItems(store, element.name).map((i) => i.item));
    for (const s of this.status.values()) if (s.dataset === element.name) items.add(s.item);
    return [...items].sort().map((item) => ({ kind: 'item', dataset: element.name, item }));
  }

  /** The state of a file dataset's one item, or of an item. */
  private itemStatus(dataset: string, item?: string): ItemStatus | undefined {
    if (item) return this.status.get(statusKey(dataset, item));
    const all = [...this.status.values()].filter((s) => s.dataset === dataset);
    return all.length === 1 ? all[0] : undefined;
  }

  private stateText(s: ItemStatus | undefined): string {
    return s && s.state !== 'clean' ? s.state : '';
  }

  getTreeItem(node: DatasetNode): vscode.TreeItem {
    if (node.kind === 'dataset') return this.datasetItem(node);
    if (node.kind === 'item') {
      const t = new vscode.TreeItem(path.basename(node.item), vscode.TreeItemCollapsibleState.Collapsed);
      const s = this.itemStatus(node.dataset, node.item);
      const badge = this.latestBadge(node.dataset, node.item);
      t.description = [path.dirname(node.item), this.stateText(s), badgeText(badge)].filter((x) => x && x !== '.').join(' · ');
      const tip = new vscode.MarkdownString('', true);
      tip.appendText(`${node.item}${s ? ` (${s.state})` : ''}`);
      if (s) tip.appendMarkdown(`\n\n${stateHelp[s.state]}`);
      appendBadge(tip, badge, 'Latest version: ');
      t.tooltip = tip;
      const color = badge?.state === 'fail' ? badgeColor(badge) : s && s.state !== 'clean' ? new vscode.ThemeColor('list.warningForeground') : undefined;
      t.iconPath = new vscode.ThemeIcon(s?.kind === 'directory' ? 'folder' : 'file', color);
      t.contextValue = withState('datasetItem', s);
      t.id = `item:${node.dataset}:${node.item}`;
      return t;
    }
    return this.versionItem(node.v);
  }

  private datasetItem(node: Extract<DatasetNode, { kind: 'dataset' }>): vscode.TreeItem {
    const t = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
    t.id = `dataset:${node.name}`;
    const badge = node.problem ? undefined : this.latestBadge(node.name);
    t.iconPath = new vscode.ThemeIcon(node.problem ? 'error' : 'database', badge?.state === 'fail' ? badgeColor(badge) : undefined);
    const s = node.shape === 'file' ? this.itemStatus(node.name) : undefined;
    t.description = [node.declared, node.problem ? 'invalid path' : this.stateText(s), badgeText(badge)].filter(Boolean).join(' · ');
    const tip = new vscode.MarkdownString('', true);
    tip.appendText(node.problem ?? this.state.config.config.datasets[node.name]?.description ?? node.declared);
    if (s) tip.appendMarkdown(`\n\n${s.state === 'clean' ? '' : `${s.state}: `}${stateHelp[s.state]}`);
    appendBadge(tip, badge, node.shape === 'file' ? 'Latest version: ' : 'Latest versions: ');
    t.tooltip = tip;
    // No resourceUri: it would bring the file's git decoration ("M"), which says nothing about versions;
    // the row's own state (modified, untracked) does.
    t.contextValue = node.problem ? 'dataset.invalid' : withState('dataset', s);
    return t;
  }

  private versionItem(v: DatasetVersion): vscode.TreeItem {
    const t = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.None);
    t.id = `version:${v.id}`;
    const s = this.status.get(statusKey(v.dataset, v.item));
    const current = s?.state === 'clean' && s.latestHash === v.hash;
    // "current" first: a narrow sidebar truncates the end of the description.
    const badge = this.badge(v);
    t.description = [current ? 'current' : '', badgeText(badge), formatAge(v.createdAt), formatSize(v.size), v.hash.slice(0, 10)].filter(Boolean).join(' · ');
    this.noteAge(v.createdAt);
    t.iconPath = badge ? new vscode.ThemeIcon(badge.state === 'pass' ? 'pass' : 'error', badgeColor(badge)) : new vscode.ThemeIcon(current ? 'pass-filled' : 'history');
    t.contextValue = current ? 'datasetVersion.current' : 'datasetVersion';
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${v.dataset} v${v.version}** · \`${v.item}\`\n\n`);
    // Two check icons mean two things: say which one this row shows.
    if (badge) tip.appendMarkdown(`${badge.state === 'pass' ? '$(pass) Its expectations hold' : '$(error) It fails expectations'} (icon: its newest validation)${current ? '; the working file matches it (current)' : ''}.\n\n`);
    else if (current) tip.appendMarkdown('$(pass-filled) Current: the working file matches this version (icon: current; not validated yet).\n\n');
    tip.appendMarkdown(`${new Date(v.createdAt).toLocaleString()} · ${formatSize(v.size)} · source: ${v.source}${v.note ? ` · ${v.note}` : ''}\n\n`);
    tip.appendCodeblock(v.hash, 'text');
    const store = this.state.existingStore();
    const runs = store ? runsReadingVersion(store, v.id) : [];
    tip.appendMarkdown(runs.length ? `Read by ${runs.length} run${runs.length === 1 ? '' : 's'}: ${runs.slice(0, 10).map((r) => r.name).join(', ')}${runs.length > 10 ? ', ...' : ''}` : 'Read by no recorded run.');
    tip.supportThemeIcons = true;
    appendBadge(tip, badge);
    t.tooltip = tip;
    // No arguments on purpose (see runsTree.ts): the command reads the view's selection.
    t.command = { command: 'mlops.compareSelectedVersionWithPrevious' satisfies CommandId, title: 'Compare with Previous' };
    markVersion(t, this.state, 'dataset', v.id);
    return t;
  }

  /** The badge of a version's newest validation; none when it was never validated. */
  private badge(v: DatasetVersion): ValidationBadge | undefined {
    const store = this.state.existingStore();
    const last = store && latestValidation(store, v.id);
    if (!last) return undefined;
    const r = last.result;
    // No expectation results: the table could not be read, and its problems are why it fails.
    const failed = r.results.length ? failedExpectations(r).map(describeResult) : r.problems.map((p) => `line ${p.line}: ${p.message}`);
    return { state: r.success ? 'pass' : 'fail', failed };
  }

  /** The state of the latest version of an item, or of every item of a dataset (failing when one fails). */
  private latestBadge(dataset: string, item?: string): ValidationBadge | undefined {
    const store = this.state.existingStore();
    if (!store) return undefined;
    const items = item ? [item] : versionedItems(store, dataset).map((i) => i.item);
    const badges = items.flatMap((i) => {
      const v = latestVersion(store, dataset, i);
      const b = v && this.badge(v);
      return b ? [b] : [];
    });
    if (!badges.length) return undefined;
    const failed = badges.filter((b) => b.state === 'fail');
    return failed.length ? { state: 'fail', failed: failed.flatMap((b) => b.failed) } : { state: 'pass', failed: [] };
  }

  override dispose(): void {
    clearTimeout(this.ageTimer);
    this.redrawSubscription.dispose();
    this.statusSubscription.dispose();
    super.dispose();
  }
}
