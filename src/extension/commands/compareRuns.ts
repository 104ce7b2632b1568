import * as vscode from 'vscode';
import type { RunRecord } from '../../core/tracking/runRecords';
import { GIT_SCHEME, GitDocumentProvider } from '../compare/gitDocumentProvider';
import { RUN_SCHEME, RunDocumentProvider, runDocumentUri } from '../compare/runDocumentProvider';
import type { Log } from '../log';
import { ComparePanel } from '../panels/comparePanel';
import type { WorkbenchState } from '../workbenchState';
import type { CommandInput } from './commandInput';
import { compareCodeCommand, loadRuns } from './compareCode';
import { runsFromArgs } from './pickRuns';
import type { CommandRegistry } from './registry';

/**
 * Two runs side by side in VS Code's diff editor. With two runs the older is on the left; with more,
 * the first selected is compared with each of the others the user keeps in the pick (all by default).
 */
async function compareInEditor(state: WorkbenchState, input: CommandInput): Promise<void> {
  const ids = await runsFromArgs(state, input.selection, { min: 2, title: 'Compare in Editor' });
  const runs = ids && loadRuns(state, ids);
  if (!ids || !runs) return;
  let pairs: [RunRecord, RunRecord][];
  if (runs.length === 2) {
    pairs = [runs[0].createdAt <= runs[1].createdAt ? [runs[0], runs[1]] : [runs[1], runs[0]]];
  } else {
    const [base, ...others] = runs;
    const picked = await vscode.window.showQuickPick(
      others.map((r) => ({ label: r.name, description: r.id, picked: true, run: r })),
      { canPickMany: true, title: `Compare ${base.name} with…`, placeHolder: 'One diff editor opens per run kept' },
    );
    if (!picked?.length) return;
    pairs = picked.map((p) => [base, p.run]);
  }
  for (const [a, b] of pairs) {
    // Every document of this comparison carries all selected ids: the same keys line up in each diff.
    await vscode.commands.executeCommand('vscode.diff', runDocumentUri(a, ids), runDocumentUri(b, ids), `${a.name} ↔ ${b.name}`, { preview: false });
  }
}

async function compareRunsPanel(context: vscode.ExtensionContext, state: WorkbenchState, log: Log, input: CommandInput): Promise<void> {
  const ids = await runsFromArgs(state, input.selection, { min: 2, title: 'Compare Runs' });
  if (ids && loadRuns(state, ids)) ComparePanel.show(context.extensionUri, state, log, ids);
}

/** Compare in Editor, the Compare panel and Compare Code, with the two read-only document schemes. */
export function registerCompare(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): void {
  const runDocs = new RunDocumentProvider(state);
  context.subscriptions.push(
    runDocs,
    vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, runDocs),
    vscode.workspace.registerTextDocumentContentProvider(GIT_SCHEME, new GitDocumentProvider(state)),
  );
  commands.register('mlops.compareInEditor', (input) => compareInEditor(state, input));
  commands.register('mlops.compareRuns', (input) => compareRunsPanel(context, state, log, input));
  commands.register('mlops.compareCode', (input) => compareCodeCommand(state, input));
}
