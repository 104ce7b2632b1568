import * as vscode from 'vscode';
import { hasObject, objectPath } from '../../core/data/objectCache';
import { parseDatasetRef, resolveDatasetRef } from '../../core/data/datasetRef';
import { formatOf } from '../../core/data/readers/openTable';
import type { LineageNode } from '../../core/lineage/types';
import { errorText, type Log } from '../log';
import { LineagePanel, type LineageShown } from '../panels/lineagePanel';
import type { WorkbenchState } from '../workbenchState';
import { askLineageRef, lineageRefOf } from './lineageTarget';
import { executeCommand, type CommandRegistry } from './registry';

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * What clicking a node opens: a run's metrics (as a click in the Runs view), a dataset version's
 * profile (a table) or the version itself, the model in the Models view, the uncommitted diff a run
 * ran with (or its commit, when the code was clean).
 */
async function openNode(state: WorkbenchState, node: LineageNode): Promise<void> {
  const root = state.root;
  switch (node.kind) {
    case 'run':
      if (node.ref) await executeCommand('mlops.showMetrics', node.ref);
      return;
    case 'dataset-version': {
      const store = state.existingStore();
      if (!store || !node.ref) return;
      const v = resolveDatasetRef(store, parseDatasetRef(node.ref));
      if (v.kind === 'file' && formatOf(v.item)) await executeCommand('mlops.showProfile', { kind: 'version', v });
      else await executeCommand('mlops.openVersion', { versionId: v.id });
      return;
    }
    case 'model-version':
      if (node.ref) await executeCommand('mlops.revealModel', node.ref);
      return;
    case 'code': {
      const diff = text(node.details.diffObject);
      const commit = text(node.details.commit);
      if (diff && root && hasObject(root, diff)) {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(objectPath(root, diff)));
        await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, 'diff'), { preview: true });
        return;
      }
      const where = `${commit ? `commit ${commit.slice(0, 10)}` : 'no recorded commit'}${text(node.details.branch) ? ` on ${text(node.details.branch)}` : ''}`;
      const why = diff ? `its uncommitted diff (object ${diff.slice(0, 12)}) is no longer in .mlops/objects` : 'with no uncommitted changes';
      const action = commit ? await vscode.window.showInformationMessage(`MLOps: the run ran ${where}, ${why}.`, 'Copy Commit') : undefined;
      if (action && commit) await vscode.env.clipboard.writeText(commit);
      return;
    }
    default:
      return;
  }
}

/** Show Lineage on a run, a dataset version or a model version (any view's node, or a typed reference). */
export function registerLineage(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): void {
  commands.register('mlops.showLineage', async ({ target }): Promise<LineageShown | undefined> => {
    const ref = lineageRefOf(target) ?? (await askLineageRef());
    if (!ref) return undefined;
    return LineagePanel.show(context.extensionUri, state, log, ref, (node) =>
      openNode(state, node).catch((err: unknown) => {
        // A node whose object went away since the graph was drawn (a version deleted meanwhile).
        log.error(`Lineage: could not open ${node.id}`, err);
        void vscode.window.showErrorMessage(`MLOps: could not open ${node.label}: ${errorText(err)}`);
      }),
    );
  });
}

/** The open Lineage panel, for the API tests read. */
export const lineageShown = () => LineagePanel.shown();
export const lineageOpened = () => LineagePanel.openedNodes();
