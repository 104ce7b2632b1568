// Suggested expectations are reviewed before they touch mlops.json: a diff editor between the file
// and a read-only proposal, with Apply (a WorkspaceEdit: undoable, shown in the editor) and Discard.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { configPath } from '../../core/config/loadConfig';
import type { Expectation } from '../../core/config/types';
import { addExpectations } from '../../core/quality/expectationsEdit';
import { executeCommand } from '../commands/registry';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';

export const SUGGEST_SCHEME = 'mlops-suggest';
export const REVIEW_TITLE = 'mlops.json ↔ Suggested expectations';

interface Proposal {
  dataset: string;
  source: string;
  suggestions: Expectation[];
  text: string;
  added: number;
}

/**
 * The pending proposals, served as read-only documents `mlops-suggest:/<dataset>/mlops.mlops-suggestion`:
 * JSON in the language mlops-suggestion, whose default (package.json) wraps the diff's long lines.
 */
export class SuggestionReview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  // A review closed by hand is a discard: its proposal goes, so a stale Apply cannot resurrect it.
  private readonly tabsClosed = vscode.window.tabGroups.onDidChangeTabs((e) => {
    for (const t of e.closed) if (t.input instanceof vscode.TabInputTextDiff && this.proposals.delete(t.input.modified.toString())) void this.updateContext();
  });

  constructor(
    private readonly state: WorkbenchState,
    private readonly log: Log,
  ) {}

  /** Whether the proposal at `uri` still awaits Apply or Discard. */
  pending(uri: vscode.Uri): boolean {
    return this.proposals.has(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(uri.toString())?.text ?? '';
  }

  /**
   * The text mlops.json has now: an open editor's copy when it has unsaved changes, else the disk's.
   * An unmodified editor copy may lag behind a write from outside (the CLI, git): edits are computed
   * on it only once VS Code has caught up, so their offsets match what it holds.
   */
  private async currentConfig(): Promise<{ uri: vscode.Uri; text: string; document?: vscode.TextDocument }> {
    const uri = vscode.Uri.file(configPath(this.state.root!));
    const disk = () => (fs.existsSync(uri.fsPath) ? fs.readFileSync(uri.fsPath, 'utf8') : '');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document || document.isDirty || document.getText() === disk()) return { uri, text: document?.getText() ?? disk(), document };
    await new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        listener.dispose();
        resolve();
      };
      const timer = setTimeout(finish, 3000);
      const listener = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document && (document.isDirty || document.getText() === disk())) finish();
      });
    });
    if (document.isDirty || document.getText() === disk()) return { uri, text: document.getText(), document };
    throw new Error('mlops.json changed on disk and its editor has not caught up yet: try again in a moment.');
  }

  /** Opens the diff of mlops.json against the proposal; undefined when mlops.json already covers every suggestion. */
  async show(dataset: string, source: string, suggestions: Expectation[]): Promise<{ uri: vscode.Uri; added: number } | undefined> {
    const config = await this.currentConfig();
    const edit = addExpectations(config.text, dataset, suggestions);
    if (!edit.added.length) return undefined;
    const uri = vscode.Uri.from({ scheme: SUGGEST_SCHEME, path: `/${encodeURIComponent(dataset)}/mlops.mlops-suggestion` });
    // Without a BOM, as VS Code shows mlops.json: the diff shows only the additions.
    this.proposals.set(uri.toString(), { dataset, source, suggestions, text: edit.text.replace(/^\uFEFF/, ''), added: edit.added.length });
    this.changed.fire(uri);
    await this.updateContext();
    await vscode.commands.executeCommand('vscode.diff', config.uri, uri, REVIEW_TITLE, { preview: false });
    return { uri, added: edit.added.length };
  }

  /** The proposal a command means: its argument (the diff's resource), else the active diff, else the only one. */
  private proposalUri(arg: unknown): string | undefined {
    if (arg instanceof vscode.Uri && arg.scheme === SUGGEST_SCHEME) return arg.toString();
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputTextDiff && input.modified.scheme === SUGGEST_SCHEME) return input.modified.toString();
    return this.proposals.size === 1 ? [...this.proposals.keys()][0] : undefined;
  }

  /**
   * Applies a proposal to mlops.json as it is now (re-derived, so edits made meanwhile are kept and
   * nothing is doubled), saves it when it had no unsaved changes, and closes the diff.
   */
  async apply(arg?: unknown): Promise<Expectation[] | undefined> {
    const key = this.proposalUri(arg);
    const proposal = key && this.proposals.get(key);
    if (!key || !proposal) throw new Error('No suggested expectations to apply: run "MLOps: Suggest Expectations" first.');
    const config = await this.currentConfig();
    // Offsets into the editor's text (which leaves out a BOM the disk's has), the file opened if need be.
    const document = config.document ?? (fs.existsSync(config.uri.fsPath) ? await vscode.workspace.openTextDocument(config.uri) : undefined);
    const edit = addExpectations(document?.getText() ?? config.text, proposal.dataset, proposal.suggestions);
    const wasDirty = document?.isDirty ?? false;
    const workspaceEdit = new vscode.WorkspaceEdit();
    if (!document) {
      workspaceEdit.createFile(config.uri, { ignoreIfExists: true });
      workspaceEdit.insert(config.uri, new vscode.Position(0, 0), edit.text);
    } else {
      for (const e of edit.edits) workspaceEdit.replace(config.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
    }
    if (edit.added.length && !(await vscode.workspace.applyEdit(workspaceEdit))) throw new Error('VS Code did not apply the edit to mlops.json (is it read-only?).');
    // Saved, the file watcher reloads the config; unsaved changes of the user's are theirs to save.
    const saved = !wasDirty && edit.added.length ? await (document ?? (await vscode.workspace.openTextDocument(config.uri))).save() : false;
    if (saved) this.state.reloadConfig();
    await this.close(key);
    if (edit.added.length) await this.reveal(config.uri, edit.edits);
    const what = `${edit.added.length} expectation${edit.added.length === 1 ? '' : 's'} for ${proposal.dataset} (from ${proposal.source})`;
    this.log.info(`Suggest Expectations: added ${what} to mlops.json.`);
    const message = edit.added.length
      ? `MLOps: added ${what} to mlops.json${saved ? '' : ' (unsaved: save mlops.json to use them)'}.`
      : `MLOps: mlops.json already covers every suggestion for ${proposal.dataset}.`;
    void vscode.window.showInformationMessage(message, ...(saved ? ['Validate Data'] : [])).then((a) => a && executeCommand('mlops.validateData', proposal.dataset));
    return edit.added;
  }

  /** mlops.json in an editor with the inserted lines selected: what was added, one Undo away. */
  private async reveal(uri: vscode.Uri, edits: { offset: number; length: number; content: string }[]): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    if (!edits.length || edits[0].length > 0) return void (await vscode.window.showTextDocument(document));
    const grown = edits.reduce((n, e) => n + e.content.length - e.length, 0);
    const end = edits[edits.length - 1].offset + grown;
    const range = new vscode.Range(document.positionAt(edits[0].offset), document.positionAt(end));
    await vscode.window.showTextDocument(document, { selection: range });
  }

  async discard(arg?: unknown): Promise<void> {
    const key = this.proposalUri(arg);
    if (key) await this.close(key);
  }

  private async close(key: string): Promise<void> {
    this.proposals.delete(key);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === key);
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
    await this.updateContext();
  }

  private updateContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', 'mlops.suggestionPending', this.proposals.size > 0);
  }

  dispose(): void {
    this.tabsClosed.dispose();
    this.changed.dispose();
  }
}
