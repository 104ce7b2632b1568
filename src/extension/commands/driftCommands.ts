// "MLOps: Compare Drift with...": a batch (the clicked dataset version, item or file, or one picked
// from the palette) checked against a reference the user picks (another version of the same item
// first, then its dataset's other files, else any dataset version or table file), then the Drift
// Report panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listVersions, type DatasetVersion } from '../../core/data/datasetVersions';
import { formatOf } from '../../core/data/readers/openTable';
import type { DriftSource } from '../../core/drift/driftCheck';
import { driftBetweenOnWorker } from '../../core/drift/driftOnWorker';
import { DriftPanel, type DriftShown } from '../panels/driftPanel';
import type { Log } from '../log';
import type { DatasetNode } from '../views/datasetsTree';
import { compareChoices, pickTarget, targetFromArg, targetLabel, type ProfileTarget } from '../quality/profileTargets';
import type { WorkbenchState } from '../workbenchState';
import type { CommandRegistry } from './registry';

const OTHER = 'other';
const BROWSE = 'browse';

function sourceOf(state: WorkbenchState, t: ProfileTarget): DriftSource {
  const label = targetLabel(state, t);
  return t.kind === 'version' ? { kind: 'version', version: t.version, label } : { kind: 'file', file: t.file, label };
}

type Entry = vscode.QuickPickItem & { target?: ProfileTarget; id?: string };

const versionEntry = (v: DatasetVersion, label: string): Entry => ({
  label,
  description: `${new Date(v.createdAt).toLocaleString()} · ${v.hash.slice(0, 10)}`,
  target: { kind: 'version', version: v },
});

/** The versions of the batch's other table files in its dataset (a glob dataset's earlier batches), newest first per file. */
function siblingVersions(state: WorkbenchState, batch: ProfileTarget): Entry[] {
  const item = batch.kind === 'version' ? batch.version : batch.item;
  const store = state.existingStore();
  if (!item || !store) return [];
  const others = listVersions(store, item.dataset).filter((v) => v.item !== item.item && v.kind === 'file' && formatOf(v.item));
  return others.length ? [{ label: `other files of ${item.dataset}`, kind: vscode.QuickPickItemKind.Separator }, ...others.map((v) => versionEntry(v, `${v.item} v${v.version}`))] : [];
}

/** The reference: the batch's own other versions first, then its dataset's other files; any dataset file or version; a file on disk. */
async function pickReference(state: WorkbenchState, batch: ProfileTarget): Promise<ProfileTarget | undefined> {
  // Versions first (what a reference usually is), the working file after them.
  const own: Entry[] = [...compareChoices(state, batch)].sort((a, b) => Number(a.target.kind === 'file') - Number(b.target.kind === 'file')).map((c) => (c.target.kind === 'version' ? versionEntry(c.target.version, c.label) : { label: c.label, description: path.basename(c.target.file), target: c.target }));
  const entries: Entry[] = [
    ...own,
    ...siblingVersions(state, batch),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(database) Another dataset version or file...', id: OTHER },
    { label: '$(folder-opened) A table file on disk...', id: BROWSE },
  ];
  const picked = await vscode.window.showQuickPick(entries, { title: `MLOps: Compare Drift of ${targetLabel(state, batch)} with... (the reference)`, matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.target) return picked.target;
  if (picked.id === OTHER) return pickTarget(state, 'MLOps: Compare Drift with... (the reference)');
  const files = await vscode.window.showOpenDialog({
    title: 'The reference table',
    canSelectMany: false,
    defaultUri: state.root ? vscode.Uri.file(state.root) : undefined,
    filters: { Tables: ['csv', 'tsv', 'jsonl', 'ndjson', 'parquet'] },
  });
  return files?.[0] && tableFromArg(state, files[0]);
}

/**
 * Reads and compares on a worker thread, with a cancellable progress notification: the host stays
 * responsive on a big table. The reference's summary is loaded and saved here, in the host's store.
 */
async function checkDrift(state: WorkbenchState, log: Log, reference: DriftSource, current: DriftSource) {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Drift of ${current.label} against ${reference.label}`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    let shown = 0;
    try {
      return await driftBetweenOnWorker(state.openStore(), reference, current, {}, {
        signal: controller.signal,
        onProgress: (fraction, what) => {
          const percent = Math.round(fraction * 100);
          progress.report({ increment: percent - shown, message: what });
          shown = percent;
        },
      });
    } catch (err) {
      if (!controller.signal.aborted) throw err;
      log.info(`Compare Drift: cancelled (${current.label} against ${reference.label}).`);
      return undefined;
    }
  });
}

const TABLE_FORMATS = '.csv, .tsv, .jsonl, .ndjson and .parquet';

/** What the user invoked the command on, as a table; a folder or a non-table file is refused in drift's words. */
async function tableFromArg(state: WorkbenchState, arg: unknown): Promise<ProfileTarget | undefined> {
  const node = arg as DatasetNode | undefined;
  const named = node?.kind === 'version' ? { file: node.v.item, name: `${node.v.item} v${node.v.version}` } : node?.kind === 'item' ? { file: node.item, name: node.item } : arg instanceof vscode.Uri ? { file: arg.fsPath, name: arg.fsPath } : undefined;
  if (node?.kind === 'version' && node.v.kind === 'directory') throw new Error(`${named?.name} is a folder: Compare Drift reads one table file (${TABLE_FORMATS}). Declare the folder's files as a glob dataset to compare them.`);
  if (named && !formatOf(named.file)) throw new Error(`${named.name}: Compare Drift reads ${TABLE_FORMATS} files.`);
  return targetFromArg(state, arg);
}

/** Registers "Compare Drift with...". Resolves to what the panel shows, or undefined when nothing was compared. */
export function registerDriftCommands(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): void {
  commands.register('mlops.compareDriftWith', async ({ target, args }): Promise<DriftShown | undefined> => {
    const batch = target === undefined ? await pickTarget(state, 'MLOps: Compare Drift of... (the batch)') : await tableFromArg(state, target);
    if (!batch) return undefined;
    // Code may pass the reference second; a menu passes the multi-selection there (a list).
    const second = args[1];
    const reference = second === undefined || Array.isArray(second) ? await pickReference(state, batch) : await tableFromArg(state, second);
    if (!reference) return undefined;
    const report = await checkDrift(state, log, sourceOf(state, reference), sourceOf(state, batch));
    return report && DriftPanel.show(context.extensionUri, state, log, report);
  });
}
