import * as vscode from 'vscode';
import { currentActor } from '../../core/audit/actor';
import type { RunAuthorship } from '../../core/tracking/runAuthorship';

const KEY = 'mlops.runs.authorFilter';
/** True while the Runs view shows one author's runs: "Clear Author Filter" shows then. */
const CONTEXT = 'mlops.runsAuthorFiltered';

/** A run's author as people read it: '' (made here before any push) is this workspace's actor. */
export function resolvedAuthor(root: string | undefined, who: RunAuthorship | undefined): string {
  return who?.author || (root ? currentActor(root) : '');
}

/** "Bob <bob@x>" -> "Bob"; "<bob@x>" -> "bob@x": the short form a description has room for. */
export function authorName(author: string): string {
  const name = author.replace(/\s*<[^>]*>\s*$/, '').trim();
  return name || author.replace(/^<|>$/g, '');
}

/**
 * The Runs view's author filter (Filter Runs by Author...): one author's runs or everyone's. It
 * lives in workspaceState so a reload keeps it, and sets a context key for the view's title bar.
 */
export class RunAuthorFilter implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    void vscode.commands.executeCommand('setContext', CONTEXT, this.author !== undefined);
  }

  /** The author shown (as resolvedAuthor gives it), or undefined for everyone. */
  get author(): string | undefined {
    return this.memento.get<string>(KEY) || undefined;
  }

  async set(author: string | undefined): Promise<void> {
    await this.memento.update(KEY, author || undefined);
    await vscode.commands.executeCommand('setContext', CONTEXT, author !== undefined);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
