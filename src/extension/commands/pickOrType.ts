import * as vscode from 'vscode';

export interface PickOrTypeItem extends vscode.QuickPickItem {
  value: string;
}

/**
 * A quick pick of known values that also takes a new one typed into it: the typed text is offered as
 * the first item, checked by `validate` (an invalid one shows why, and cannot be accepted). Resolves to
 * the value chosen, or undefined when dismissed.
 */
export function pickOrType(
  known: readonly PickOrTypeItem[],
  opts: { title: string; placeholder: string; newItem: (value: string) => string; validate: (value: string) => string | undefined },
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<PickOrTypeItem>();
    qp.title = opts.title;
    qp.placeholder = opts.placeholder;
    qp.matchOnDescription = true;
    qp.items = known;
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      qp.dispose();
    };
    qp.onDidChangeValue((text) => {
      const value = text.trim();
      const exact = known.some((k) => k.value === value);
      if (!value || exact) {
        qp.items = known;
        return;
      }
      const problem = opts.validate(value);
      const typed = problem ? { label: `$(error) ${value}`, detail: problem } : { label: value, description: opts.newItem(value) };
      qp.items = [{ ...typed, value, alwaysShow: true }, ...known];
    });
    qp.onDidAccept(() => {
      const picked = qp.selectedItems[0] ?? qp.activeItems[0];
      if (picked && !opts.validate(picked.value)) finish(picked.value);
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}
