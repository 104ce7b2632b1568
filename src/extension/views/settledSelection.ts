import type * as vscode from 'vscode';

/**
 * A click sends the item's command and the new selection to the extension host as two messages in no
 * fixed order: wait for a selection change in flight, then read the selection. With nothing selected
 * yet the change must be on its way, so it is awaited longer (a busy window delays messages).
 */
export function settledSelection<T>(view: vscode.TreeView<T>): Promise<readonly T[]> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve(view.selection);
    };
    const sub = view.onDidChangeSelection(done);
    const timer = setTimeout(done, view.selection.length ? 150 : 2000);
  });
}
