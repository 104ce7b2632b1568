import * as vscode from 'vscode';
import type { WorkbenchState } from '../workbenchState';
import type { Log } from '../log';

/** One row as a tree shows it: what tests read, and what a tree compares to tell whether a redraw would change anything. */
export interface TreeRow {
  id: string;
  label: string;
  description: string;
  /** The codicon's id, '' without one. */
  icon: string;
  tooltip: string;
  contextValue: string;
  /** Set, a row would take the file's decorations (git's "M"): the trees set none. */
  resourceUri: string | undefined;
}

/** Base of the four MLOps trees: refreshes when the workspace state changes, reports failures. */
export abstract class TreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private lastRefresh = 0;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    protected readonly state: WorkbenchState,
    private readonly log: Log,
  ) {
    this.subscription = state.onDidChange(() => this.refresh());
  }

  /**
   * How long a redraw waits after the previous one. A running run changes the store many times a
   * second, and a click that lands while VS Code redraws a tree is lost (its command and selection
   * refer to the items being replaced): trees redraw seldom.
   */
  protected redrawInterval(): number {
    return 1000;
  }

  refresh(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastRefresh + this.redrawInterval() - Date.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.lastRefresh = Date.now();
      if (this.redrawNeeded()) this.changed.fire();
    }, wait);
  }

  /** Whether a redraw would change what the view shows; a tree that can tell skips those that would not. */
  protected redrawNeeded(): boolean {
    return true;
  }

  /** The rows as last drawn (rowsChanged). */
  private drawn = '';

  /**
   * Whether a row's text, icon, tooltip or menu would change, or rows come or go, since the last
   * redraw this allowed. VS Code forgets a tree's items on each redraw (a context menu open on a row
   * loses its command), and each redraw is a message to the workbench: a tree whose rows are cheap
   * to list redraws only on a real change.
   */
  protected rowsChanged(): boolean {
    const rows = JSON.stringify(this.rows());
    if (rows === this.drawn) return false;
    this.drawn = rows;
    return true;
  }

  abstract getTreeItem(element: T): vscode.TreeItem;
  protected abstract children(element?: T): T[];

  getChildren(element?: T): T[] {
    try {
      return this.children(element);
    } catch (err) {
      // An empty tree shows the welcome content; the reason goes to the Output channel.
      this.log.error(`${this.constructor.name} could not read the store`, err);
      return [];
    }
  }

  /** Every row the tree shows, expanded all the way, in order. */
  rows(): TreeRow[] {
    const out: TreeRow[] = [];
    const walk = (nodes: T[]) => {
      for (const n of nodes) {
        const t = this.getTreeItem(n);
        out.push({
          id: t.id ?? '',
          label: typeof t.label === 'string' ? t.label : (t.label?.label ?? ''),
          description: String(t.description ?? ''),
          icon: (t.iconPath as vscode.ThemeIcon | undefined)?.id ?? '',
          tooltip: typeof t.tooltip === 'string' ? t.tooltip : (t.tooltip?.value ?? ''),
          contextValue: t.contextValue ?? '',
          resourceUri: t.resourceUri?.toString(),
        });
        walk(this.getChildren(n));
      }
    };
    walk(this.getChildren());
    return out;
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
