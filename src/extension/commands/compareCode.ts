import * as vscode from 'vscode';
import { codeDiff, CodeDiffError, type CodeDiff } from '../../core/tracking/codeDiff';
import { getRun, type RunRecord } from '../../core/tracking/runRecords';
import { codeDiffUri, gitFileUri } from '../compare/gitDocumentProvider';
import type { WorkbenchState } from '../workbenchState';
import type { CommandInput } from './commandInput';
import { runsFromArgs } from './pickRuns';

/** The runs behind ids, in that order; undefined (after telling the user) if any is gone. */
export function loadRuns(state: WorkbenchState, ids: string[]): RunRecord[] | undefined {
  const store = state.existingStore();
  const runs = ids.map((id) => (store ? getRun(store, id) : undefined));
  const missing = ids.filter((_, i) => !runs[i]);
  if (missing.length) {
    void vscode.window.showErrorMessage(`MLOps: no run ${missing.join(', ')} in this workspace's store (deleted?).`);
    return undefined;
  }
  return runs as RunRecord[];
}

const short = (c: string) => c.slice(0, 8);

/** Every changed file in one multi-diff editor, each side read from its commit through mlops-git:. */
async function openChangedFiles(d: CodeDiff): Promise<boolean> {
  const resources = d.files.map((f) => {
    const left = f.status === 'added' ? undefined : gitFileUri(d.a.commit, f.oldPath ?? f.path);
    const right = f.status === 'deleted' ? undefined : gitFileUri(d.b.commit, f.path);
    return [right ?? left!, left, right] as const;
  });
  try {
    await vscode.commands.executeCommand('vscode.changes', `${d.a.runName} (${short(d.a.commit)}) ↔ ${d.b.runName} (${short(d.b.commit)})`, resources);
    return true;
  } catch {
    return false; // an editor without the multi-diff editor: the patch document still says it all
  }
}

/** The code two runs ran: changed files between their commits, and their uncommitted diffs as a patch. */
export async function compareCodeCommand(state: WorkbenchState, input: CommandInput): Promise<void> {
  const ids = await runsFromArgs(state, input.selection, { min: 2, max: 2, title: 'Compare Code' });
  const runs = ids && loadRuns(state, ids);
  if (!runs || !state.root) return;
  const [a, b] = runs[0].createdAt <= runs[1].createdAt ? runs : [runs[1], runs[0]];
  let d: CodeDiff;
  try {
    d = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'MLOps: comparing code' }, () => codeDiff(state.root!, a, b));
  } catch (err) {
    // Why the code cannot be compared (no commit recorded, no git): the user's situation, not a failure.
    if (!(err instanceof CodeDiffError)) throw err;
    void vscode.window.showWarningMessage(`MLOps: ${err.message}`);
    return;
  }
  if (d.identical) {
    void vscode.window.showInformationMessage(`MLOps: ${a.name} and ${b.name} ran the same commit ${short(d.a.commit)} with no uncommitted changes: their code is the same.`);
    return;
  }
  const opened = d.files.length > 0 && (await openChangedFiles(d));
  if (!opened || d.a.uncommitted || d.b.uncommitted) {
    await vscode.window.showTextDocument(codeDiffUri(a, b), { preview: false });
  }
}
