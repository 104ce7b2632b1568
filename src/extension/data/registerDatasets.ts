import * as vscode from 'vscode';
import type { CommandRegistry } from '../commands/registry';
import type { Log } from '../log';
import { DatasetsTree, type DatasetNode } from '../views/datasetsTree';
import type { WorkbenchState } from '../workbenchState';
import { registerDatasetCommands } from './datasetCommands';
import { DataDocumentProvider, DATA_SCHEME } from './dataDocuments';
import { DatasetWatching } from './datasetWatching';

/** Data versioning in VS Code: the Datasets view, its commands, mlops-data: documents and the watcher. */
export function registerDatasets(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log) {
  const tree = new DatasetsTree(state, log);
  const view = vscode.window.createTreeView<DatasetNode>('mlops.datasets', { treeDataProvider: tree });
  tree.setVisible(view.visible);
  const documents = new DataDocumentProvider(state);
  // The store watcher refreshes too, but only after its debounce: a command's own write shows at once.
  const storeWritten = () => state.notifyStoreChanged();
  const watching = new DatasetWatching(state, log, storeWritten);
  registerDatasetCommands(commands, state, log, view, documents, storeWritten);
  context.subscriptions.push(
    tree,
    view,
    watching,
    view.onDidChangeVisibility((e) => tree.setVisible(e.visible)),
    vscode.workspace.registerTextDocumentContentProvider(DATA_SCHEME, documents),
    // "modified" follows edits even where nothing versions them (untrusted workspace, watch: false).
    vscode.workspace.onDidSaveTextDocument(() => tree.updateStatus()),
  );
  return { rows: () => tree.rows(), ageRefreshDue: () => tree.ageRefreshDue(), nextAgeRedraw: () => tree.nextAgeRedraw() };
}
