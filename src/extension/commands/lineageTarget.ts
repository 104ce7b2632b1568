import * as vscode from 'vscode';

/**
 * The lineage reference a command argument names, whichever view it came from: a run (Runs view, or
 * a model version's source run in the Models view), a dataset version (Datasets view, or one a model
 * version's run read), a model version, a reference typed or passed by code ({ ref } or the text).
 */
export function lineageRefOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.trim() || undefined;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as {
    kind?: string;
    ref?: unknown;
    run?: { id?: unknown };
    runId?: unknown;
    v?: { model?: unknown; dataset?: unknown; item?: unknown; version?: unknown };
    dataset?: unknown;
    path?: unknown;
    version?: unknown;
  };
  if (typeof a.ref === 'string') return a.ref;
  // A view's node says what it is: the prefix keeps a model and a dataset of the same name apart.
  if (a.kind === 'run') {
    if (typeof a.run?.id === 'string') return `run:${a.run.id}`;
    if (typeof a.runId === 'string') return `run:${a.runId}`;
  }
  if (a.kind === 'version' && a.v && typeof a.v.version === 'number') {
    if (typeof a.v.model === 'string') return `model:${a.v.model}@${a.v.version}`;
    if (typeof a.v.dataset === 'string' && typeof a.v.item === 'string') return `data:${a.v.dataset}:${a.v.item}@${a.v.version}`;
  }
  // A dataset version under a model version's lineage in the Models view.
  if (a.kind === 'dataset' && typeof a.dataset === 'string' && typeof a.path === 'string' && typeof a.version === 'number') return `data:${a.dataset}:${a.path}@${a.version}`;
  return undefined;
}

/** Asks for a reference when the command was given none (the palette). */
export async function askLineageRef(): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'Show Lineage',
    prompt: 'A run id, a dataset version or a model version',
    placeHolder: 'churn@2, churn@champion, train@3, train:data/train.csv@3, or a run id',
    validateInput: (v) => (v.trim() ? undefined : 'Type a reference: churn@2, train@3 or a run id.'),
  });
  return typed?.trim() || undefined;
}
