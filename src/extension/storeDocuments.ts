import * as vscode from 'vscode';
import type { WorkbenchState } from './workbenchState';

/**
 * Read-only documents of one URI scheme rendered from the store (a run, a model card): the open ones
 * are rendered again whenever the store or mlops.json changes, so an editor or preview stays current.
 */
export abstract class StoreDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    protected readonly state: WorkbenchState,
    scheme: string,
  ) {
    this.subscription = state.onDidChange(() => {
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === scheme) this.changed.fire(doc.uri);
    });
  }

  abstract provideTextDocumentContent(uri: vscode.Uri): string;

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
