import * as vscode from 'vscode';
import { listRuns } from '../../core/tracking/runRecords';
import { formatDuration } from '../../shared/format';
import type { WorkbenchState } from '../workbenchState';
import type { CommandInput } from './commandInput';

/** A Runs-tree node as context-menu commands receive it. */
export interface RunNodeArg {
  kind: 'run';
  run: { id: string };
}

const isRunNode = (v: unknown): v is RunNodeArg =>
  typeof v === 'object' && v !== null && (v as RunNodeArg).kind === 'run' && typeof (v as RunNodeArg).run?.id === 'string';

/**
 * The run ids a command acts on: the Runs view's selection (the clicked node, or the whole
 * multi-selection), run ids passed programmatically, or else the user's choice in a quick pick.
 */
export async function runsFromArgs(
  state: WorkbenchState,
  selection: CommandInput['selection'],
  opts: { min: number; max?: number; title: string },
): Promise<string[] | undefined> {
  const nodes = selection.filter(isRunNode);
  const ids = nodes.length ? nodes.map((n) => n.run.id) : selection.filter((x): x is string => typeof x === 'string');
  if (ids.length >= opts.min && (opts.max === undefined || ids.length <= opts.max)) return ids;

  const store = state.existingStore();
  const runs = store ? listRuns(store, { limit: 500 }) : [];
  if (runs.length < opts.min) {
    void vscode.window.showInformationMessage(`MLOps: ${opts.title} needs ${opts.min} run${opts.min === 1 ? '' : 's'}; this workspace has ${runs.length}.`);
    return undefined;
  }
  const items = runs.map((r) => ({
    label: r.name,
    description: `${r.experiment} · ${r.status}${r.startedAt && r.endedAt ? ' · ' + formatDuration(r.endedAt - r.startedAt) : ''}`,
    detail: r.id,
    picked: ids.includes(r.id),
    id: r.id,
  }));
  const many = opts.max === undefined || opts.max > 1;
  const picked = many
    ? await vscode.window.showQuickPick(items, { canPickMany: true, title: opts.title, placeHolder: `Choose ${opts.min}${opts.max ? `-${opts.max}` : '+'} runs` })
    : await vscode.window.showQuickPick(items, { title: opts.title });
  if (!picked) return undefined;
  const chosen = (Array.isArray(picked) ? picked : [picked]).map((p) => p.id);
  if (chosen.length < opts.min || (opts.max !== undefined && chosen.length > opts.max)) {
    void vscode.window.showWarningMessage(`MLOps: ${opts.title} needs ${opts.max === opts.min ? opts.min : `${opts.min}${opts.max ? `-${opts.max}` : ' or more'}`} runs.`);
    return undefined;
  }
  return chosen;
}
