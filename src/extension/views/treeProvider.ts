import * as vscode from 'vscode';
import type { WorkbenchState } from '../workbenchState';
import type { Log } from '../log';

/** Base of the four MLOps trees: refreshes when the workspace state changes, reports failures. */
export abstract class TreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    protected readonly state: WorkbenchState,
    private readonly log: Log,
  ) {
    this.subscription = state.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire();
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

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
