import * as vscode from 'vscode';

/**
 * A command's arguments in one shape, whoever invoked it. A tree view's context menu passes the
 * clicked node and then the whole multi-selection; the Explorer the clicked Uri and every selected
 * Uri; an editor title the editor's Uri and a reference to the editor; the palette nothing; code
 * whatever it likes (a run id, a list of run ids, a dataset name, a version).
 */
export interface CommandInput {
  /** What the command was invoked on: the clicked node or file, or the value code passed (a list's first item). */
  readonly target: unknown;
  /** All it was invoked on: the multi-selection passed second, else a list passed first, else the target alone, else nothing. */
  readonly selection: readonly unknown[];
  /** The target when it is a file (the Explorer, an editor's title bar, code passing a Uri). */
  readonly uri: vscode.Uri | undefined;
  /** The arguments as given, for a command that takes a second value (a profile to compare with). */
  readonly args: readonly unknown[];
}

export function commandInput(args: readonly unknown[]): CommandInput {
  const [first, second] = args;
  const target: unknown = Array.isArray(first) ? first[0] : first;
  const selection: readonly unknown[] = Array.isArray(second) && second.length ? second : Array.isArray(first) ? first : first === undefined ? [] : [first];
  return { target, selection, uri: target instanceof vscode.Uri ? target : undefined, args };
}
