import * as path from 'node:path';
import * as vscode from 'vscode';
import { deleteModelVersion } from '../../core/registry/deleteModelVersion';
import { downloadModelVersion } from '../../core/registry/downloadModelVersion';
import { modelCardMarkdown } from '../../core/registry/modelCard';
import { formatModelRef } from '../../core/registry/modelRef';
import { StoreDocumentProvider } from '../storeDocuments';
import { formatSize } from '../views/datasetsTree';
import type { WorkbenchState } from '../workbenchState';
import type { CommandInput } from './commandInput';
import { versionOf } from './modelTarget';

/** Model cards as read-only Markdown documents, `mlops-model-card:/churn@3.md`, rendered from the store. */
export const MODEL_CARD_SCHEME = 'mlops-model-card';

export class ModelCardDocuments extends StoreDocumentProvider {
  // An open card (and its preview) follows the registry: an alias moved, a tag added.
  constructor(state: WorkbenchState) {
    super(state, MODEL_CARD_SCHEME);
  }

  static uri(ref: string): vscode.Uri {
    return vscode.Uri.from({ scheme: MODEL_CARD_SCHEME, path: `/${ref}.md` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const ref = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    return modelCardMarkdown(this.state.openStore(), this.state.config.config, ref);
  }
}

/** Open Model Card: the version's card in the Markdown preview; resolves to the card document's Uri. */
export async function openModelCard(state: WorkbenchState, input: CommandInput, selection: readonly unknown[]): Promise<vscode.Uri | undefined> {
  const v = await versionOf(state, input.target, selection, 'Model card of which version?');
  if (!v) return undefined;
  const uri = ModelCardDocuments.uri(formatModelRef(v.model, v.version));
  // Rendering here first surfaces a bad reference as the command's error, not as an empty preview.
  await vscode.workspace.openTextDocument(uri);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
}

/** Download Artifact...: a file artifact to a file the user names, a folder artifact into a folder they pick. */
export async function downloadArtifact(state: WorkbenchState, input: CommandInput & { root: string }, selection: readonly unknown[]): Promise<string | undefined> {
  const v = await versionOf(state, input.target, selection, 'Download the artifact of which version?');
  if (!v) return undefined;
  const ref = formatModelRef(v.model, v.version);
  let to = (input.target as { to?: unknown } | undefined)?.to;
  if (typeof to !== 'string') {
    const base = vscode.Uri.file(path.join(input.root, path.basename(v.artifact.path) || v.model));
    const picked =
      v.artifact.kind === 'file'
        ? await vscode.window.showSaveDialog({ title: `Save the artifact of ${ref}`, defaultUri: base, saveLabel: 'Download' })
        : (await vscode.window.showOpenDialog({ title: `Folder to place the artifact of ${ref} in`, defaultUri: vscode.Uri.file(input.root), canSelectFolders: true, canSelectFiles: false, openLabel: 'Download Here' }))?.[0];
    if (!picked) return undefined;
    to = v.artifact.kind === 'file' ? picked.fsPath : path.join(picked.fsPath, path.basename(v.artifact.path) || v.model);
  }
  // An artifact only on the remote (a teammate's) is fetched first: progress, and Cancel stops it.
  const ctrl = new AbortController();
  let written: string;
  try {
    written = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `MLOps: downloading ${ref}`, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => ctrl.abort());
      return downloadModelVersion(state.openStore(), ref, to as string, {
        config: state.config.config,
        signal: ctrl.signal,
        onProgress: (p) => progress.report({ message: `fetching from the remote: ${formatSize(p.bytesDone)} of ${formatSize(p.bytesTotal)}` }),
      });
    });
  } catch (err) {
    if (ctrl.signal.aborted) return undefined;
    throw err;
  }
  void vscode.window.showInformationMessage(`MLOps: the artifact of ${ref} is at ${vscode.workspace.asRelativePath(written)}.`);
  return written;
}

/** Copy Ref: `churn@3` to the clipboard. */
export async function copyModelRef(state: WorkbenchState, input: CommandInput, selection: readonly unknown[]): Promise<string | undefined> {
  const v = await versionOf(state, input.target, selection, 'Copy the reference of which version?');
  if (!v) return undefined;
  const ref = formatModelRef(v.model, v.version);
  await vscode.env.clipboard.writeText(ref);
  vscode.window.setStatusBarMessage(`MLOps: copied ${ref}`, 3000);
  return ref;
}

/** Delete Model Version: the reason box is the confirmation; core refuses while an alias points at it. */
export async function deleteVersionCommand(state: WorkbenchState, input: CommandInput, selection: readonly unknown[]): Promise<boolean> {
  const v = await versionOf(state, input.target, selection, 'Delete which version?');
  if (!v) return false;
  const ref = formatModelRef(v.model, v.version);
  const given = (input.target as { reason?: unknown } | undefined)?.reason;
  const reason =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: `Delete ${ref}?`,
          prompt: 'Reason (required): kept in the audit log. Enter deletes the version; its artifact goes when nothing else uses it.',
          validateInput: (t) => (t.trim() ? undefined : 'A reason is required to delete a version.'),
        });
  if (!reason?.trim()) return false;
  deleteModelVersion(state.openStore(), ref, reason);
  state.notifyStoreChanged();
  return true;
}
