import * as vscode from 'vscode';

/**
 * A click sends the item's command and the new selection to the extension host as two messages in no
 * fixed order: wait briefly for a selection change in flight, then read the selection.
 */
export function settledSelection<T>(view: vscode.TreeView<T>): Promise<readonly T[]> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve(view.selection);
    };
    const sub = view.onDidChangeSelection(done);
    const timer = setTimeout(done, 150);
  });
}
