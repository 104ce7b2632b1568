import * as vscode from 'vscode';
import { parseModelRef } from '../../core/registry/modelRef';
import type { CommandInput } from '../commands/commandInput';
import { removeAliasCommand, setAliasCommand } from '../commands/modelAlias';
import { copyModelRef, deleteVersionCommand, downloadArtifact, MODEL_CARD_SCHEME, ModelCardDocuments, openModelCard } from '../commands/modelCommands';
import { registerFromRun } from '../commands/modelRegister';
import { executeCommand, type CommandRegistry } from '../commands/registry';
import type { Log } from '../log';
import { settledSelection } from '../views/settledSelection';
import { ModelsTree, type ModelNode } from '../views/modelsTree';
import type { WorkbenchState } from '../workbenchState';
import { ChampionStatusBar } from './championStatusBar';

const modelOf = (n: ModelNode | undefined) => (!n ? undefined : n.kind === 'model' ? n.name : n.kind === 'version' ? n.v.model : n.model);

/** The model registry in VS Code: the Models view, its commands, model card documents and the champion in the status bar. */
export function registerModels(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log) {
  const tree = new ModelsTree(state, log);
  // Several versions may be selected: Compare Versions compares them (the other commands act on the one clicked).
  const view = vscode.window.createTreeView<ModelNode>('mlops.models', { treeDataProvider: tree, canSelectMany: true });
  const statusBar = new ChampionStatusBar(state);
  const cards = new ModelCardDocuments(state);
  // A command from the palette acts on the view's selection; one from a context menu (or code) on what it was given.
  const selection = async ({ target }: CommandInput) => (target !== undefined ? [] : view.visible ? await settledSelection(view) : view.selection);

  const reveal = async (name: string) => {
    const node = tree.modelNode(name);
    if (!node) throw new Error(`No model "${name}" in mlops.json or the store.`);
    await view.reveal(node, { select: true, focus: true, expand: true });
  };

  commands.register('mlops.registerModel', async (input) => {
    const v = await registerFromRun(state, input);
    if (!v) return undefined;
    state.notifyStoreChanged();
    const ref = `${v.model}@${v.version}`;
    void vscode.window.showInformationMessage(`MLOps: registered ${ref}.`, 'Show in Models View').then((a) => a && executeCommand('mlops.revealModel', v.model));
    return v;
  });
  commands.register('mlops.setModelAlias', async (input) => setAliasCommand(state, log, input, await selection(input)));
  commands.register('mlops.removeModelAlias', async (input) => removeAliasCommand(state, input, await selection(input)));
  commands.register('mlops.openModelCard', async (input) => openModelCard(state, input, await selection(input)));
  commands.register('mlops.downloadModelArtifact', async (input) => downloadArtifact(state, input, await selection(input)));
  commands.register('mlops.copyModelRef', async (input) => copyModelRef(state, input, await selection(input)));
  commands.register('mlops.deleteModelVersion', async (input) => deleteVersionCommand(state, input, await selection(input)));
  commands.register('mlops.revealModel', async ({ target }) => {
    const name = typeof target === 'string' ? parseModelRef(target).model : modelOf(target as ModelNode | undefined);
    const pick = name ?? (await vscode.window.showQuickPick(tree.modelNames(), { title: 'Show which model?' }));
    if (pick) await reveal(pick);
  });

  context.subscriptions.push(
    tree,
    view,
    statusBar,
    view.onDidChangeSelection((e) => statusBar.focus(modelOf(e.selection[0]))),
    cards,
    vscode.workspace.registerTextDocumentContentProvider(MODEL_CARD_SCHEME, cards),
  );
  // The status bar reads the store: shortly after activation, which itself never opens it.
  const first = setTimeout(() => statusBar.update(), 1500);
  context.subscriptions.push({ dispose: () => clearTimeout(first) });
  return { rows: () => tree.rows(), championText: () => statusBar.text };
}
