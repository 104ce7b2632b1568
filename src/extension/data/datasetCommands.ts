import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkoutVersion } from '../../core/data/checkoutVersion';
import { deleteVersion } from '../../core/data/deleteVersion';
import { getVersion, listVersions, type DatasetVersion } from '../../core/data/datasetVersions';
import { verifiedObjectPath } from '../../core/data/objectIntegrity';
import { formatOf } from '../../core/data/readers/openTable';
import { diffTables } from '../../core/data/tableDiff';
import { renderTableDiff } from '../../core/data/tableDiffText';
import { versionDataset } from '../../core/data/versionDataset';
import type { CommandRegistry } from '../commands/registry';
import type { Log } from '../log';
import type { DatasetNode } from '../views/datasetsTree';
import { settledSelection } from '../views/settledSelection';
import type { WorkbenchState } from '../workbenchState';
import { versionUri, type DataDocumentProvider } from './dataDocuments';
import { OFF_THREAD_BYTES, reportBytes } from './datasetWatching';


/** A version named by a tree node, a { versionId } argument or a version itself. */
function versionOf(state: WorkbenchState, arg: unknown): DatasetVersion | undefined {
  const a = arg as { kind?: string; v?: DatasetVersion; versionId?: number; id?: number | string; hash?: string } | undefined;
  if (a?.kind === 'version' && a.v) return a.v;
  const store = state.existingStore();
  if (!store) return undefined;
  if (typeof a?.versionId === 'number') return getVersion(store, a.versionId);
  if (typeof a?.id === 'number' && typeof a.hash === 'string') return getVersion(store, a.id);
  return undefined;
}

const label = (v: DatasetVersion) => `${path.basename(v.item)} v${v.version}`;

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

/**
 * Runs `work` under a notification with Cancel; undefined when the user cancelled it (the work's
 * file being read then leaves no object and no temp file, so there is nothing to undo).
 */
async function cancellable<T>(title: string, work: (signal: AbortSignal, progress: Progress) => Promise<T>): Promise<T | undefined> {
  const ctrl = new AbortController();
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => ctrl.abort());
      return work(ctrl.signal, progress);
    });
  } catch (err) {
    if (ctrl.signal.aborted) return undefined;
    throw err;
  }
}

/**
 * How a table diff's details match rows: '' by content, else by the picked key column; undefined when
 * the user dismissed the pick. An `id`-like column is offered first.
 */
async function pickKeyColumn(columns: readonly string[]): Promise<string | undefined> {
  const likely = (c: string) => /^(id|key|uuid)$|[_-]id$/i.test(c);
  const ordered = [...columns.filter(likely), ...columns.filter((c) => !likely(c))];
  const items: (vscode.QuickPickItem & { key: string })[] = [
    { label: 'Match rows by content', detail: 'An edited row shows as one removed and one added row.', key: '' },
    ...ordered.map((c) => ({ label: c, description: 'key column', detail: `Rows with the same ${c} are the same row: an edit shows its cells before and after.`, key: c })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Match the rows of the two versions by', placeHolder: 'A key column pairs edited rows' });
  return picked?.key;
}

/** Version Now, Restore, Compare, Open, Copy Hash and Delete for dataset versions. */
export function registerDatasetCommands(
  commands: CommandRegistry,
  state: WorkbenchState,
  log: Log,
  view: vscode.TreeView<DatasetNode>,
  documents: DataDocumentProvider,
  onStoreWritten: () => void,
): void {
  /** The version of the argument, else of the tree's selection (commands from the palette or a click). */
  const pick = async (arg: unknown): Promise<DatasetVersion> => {
    const v = versionOf(state, arg) ?? versionOf(state, (await settledSelection(view))[0]);
    if (!v) throw new Error('Select a dataset version in the Datasets view first.');
    return v;
  };

  const versionNow = async (root: string, arg: unknown) => {
    const node = arg as DatasetNode | string | undefined;
    let dataset = typeof node === 'string' ? node : node?.kind === 'dataset' ? node.name : node?.kind === 'item' ? node.dataset : undefined;
    const items = typeof node === 'object' && node.kind === 'item' ? [node.item] : undefined;
    const names = Object.keys(state.config.config.datasets);
    if (!dataset) dataset = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { title: 'Version which dataset?' });
    if (!dataset) return;
    const name = dataset;
    const result = await cancellable(`MLOps: versioning ${name}`, (signal, progress) => {
      let item = '';
      let report: ReturnType<typeof reportBytes> | undefined;
      return versionDataset(state.openStore(), root, state.config.config, name, {
        source: 'cli',
        items,
        signal,
        offThreadBytes: OFF_THREAD_BYTES,
        onProgress: (p) => {
          if (!report || p.item !== item) [item, report] = [p.item, reportBytes(progress, p.item)];
          report(p.bytes, p.total);
        },
      });
    });
    onStoreWritten();
    if (!result) {
      // Items finished before the cancel keep their versions.
      log.info(`Versioning ${name} cancelled.`);
      void vscode.window.showInformationMessage(`MLOps: versioning ${name} cancelled; the file being read was not recorded.`);
      return;
    }
    const created = result.items.filter((i) => i.state === 'created');
    for (const i of created) log.info(`Versioned ${name} ${i.item} as v${i.version?.version}`);
    const missing = result.items.filter((i) => i.state === 'missing').map((i) => i.item);
    void vscode.window.showInformationMessage(
      `MLOps: ${created.length ? created.map((i) => `${i.item} v${i.version?.version}`).join(', ') : `${name}: no change since its latest version`}${missing.length ? `; missing: ${missing.join(', ')}` : ''}.`,
    );
  };

  const previousOf = (v: DatasetVersion): DatasetVersion | undefined =>
    listVersions(state.openStore(), v.dataset, v.item).find((x) => x.version < v.version);

  /** The diff editor, plus a table summary for CSV/JSONL (a notification with Show Details). */
  const compare = async (root: string, a: DatasetVersion, b: DatasetVersion | 'working') => {
    const workingUri = vscode.Uri.file(path.join(root, a.item));
    const right = b === 'working' ? workingUri : versionUri(b);
    const title = `${path.basename(a.item)} (v${a.version} ↔ ${b === 'working' ? 'working file' : `v${b.version}`})`;
    await vscode.commands.executeCommand('vscode.diff', versionUri(a), right, title, { preview: true });
    const format = formatOf(a.item);
    if (a.kind !== 'file' || (format !== 'csv' && format !== 'jsonl')) return;
    // Versions' bytes are proved to match their hash first: a corrupted object is quarantined, never diffed.
    const check = (v: DatasetVersion) => verifiedObjectPath(root, v.hash, { store: state.openStore(), what: `Comparing ${v.dataset}:${v.item}@${v.version}`, offThreadBytes: OFF_THREAD_BYTES });
    const fileB = b === 'working' ? workingUri.fsPath : await check(b);
    const d = await diffTables(await check(a), fileB, { formatA: format, formatB: format });
    const labelB = b === 'working' ? 'working' : `v${b.version}`;
    const r = d.rows;
    const cols = [...d.columns.added.map((c) => `+${c}`), ...d.columns.removed.map((c) => `-${c}`), ...d.columns.retyped.map((c) => `${c.name}: ${c.from}→${c.to}`)];
    const summary = `rows +${r.added} −${r.removed}${r.changed === null ? '' : ` ~${r.changed}`}, ${r.unchanged} unchanged; columns ${cols.length ? cols.join(' ') : 'unchanged'}`;
    log.info(`${title}: ${summary}`);
    // Not awaited: the command is done once the diff is open, whether or not the user reads the summary.
    void vscode.window.showInformationMessage(`MLOps: ${title}: ${summary}`, 'Show Details').then(async (details) => {
      if (!details) return;
      // A key column pairs an edited row's two versions into one "changed" row with its cells before and after.
      const key = await pickKeyColumn(d.compared);
      if (key === undefined) return;
      const shown = key ? await diffTables(d.a.path, d.b.path, { keys: [key], formatA: format, formatB: format }) : d;
      const uri = documents.addSummary(`${path.basename(a.item)}-v${a.version}-${labelB}${key ? `-by-${key}` : ''}`, renderTableDiff(shown, { label: `v${a.version}` }, { label: labelB }) + '\n');
      await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    });
  };

  const compareWithPrevious = async (root: string, arg: unknown) => {
    const v = await pick(arg);
    const prev = previousOf(v);
    if (!prev) {
      await vscode.window.showTextDocument(versionUri(v), { preview: true });
      void vscode.window.showInformationMessage(`MLOps: ${label(v)} is the first version: nothing to compare it with.`);
      return;
    }
    await compare(root, prev, v);
  };

  commands.register('mlops.versionNow', ({ root, target }) => versionNow(root, target));
  commands.register('mlops.compareSelectedVersionWithPrevious', ({ root }) => compareWithPrevious(root, undefined));
  commands.register('mlops.compareVersionWithPrevious', ({ root, target }) => compareWithPrevious(root, target));
  commands.register('mlops.compareVersionWithCurrent', async ({ root, target }) => compare(root, await pick(target), 'working'));
  commands.register('mlops.openVersion', async ({ target }) => vscode.window.showTextDocument(versionUri(await pick(target)), { preview: true }));
  commands.register('mlops.copyVersionHash', async ({ target }) => {
    const v = await pick(target);
    await vscode.env.clipboard.writeText(v.hash);
    vscode.window.setStatusBarMessage(`MLOps: copied ${v.hash.slice(0, 12)}…`, 3000);
  });
  commands.register('mlops.restoreVersion', async ({ root, target }) => {
    const v = await pick(target);
    // The working content is versioned first (nothing is lost): big files on a worker thread,
    // counted in MB; Cancel stops before anything is written back.
    const r = await cancellable(`MLOps: restoring ${label(v)}`, (signal, progress) =>
      checkoutVersion(state.openStore(), root, state.config.config, v, {
        signal,
        onProgress: reportBytes(progress, `saving the current ${path.basename(v.item)}`),
        onFetch: reportBytes(progress, `fetching ${path.basename(v.item)} v${v.version} from the remote`),
        offThreadBytes: OFF_THREAD_BYTES,
      }),
    );
    if (!r) {
      void vscode.window.showInformationMessage(`MLOps: restoring ${v.item} cancelled; nothing was written.`);
      return;
    }
    onStoreWritten();
    const msg = r.unchanged
      ? `${v.item} already is ${label(v)}.`
      : `Restored ${v.item} to v${v.version}${r.saved ? ` (its previous content was saved as v${r.saved.version})` : ''}.`;
    log.info(msg);
    void vscode.window.showInformationMessage(`MLOps: ${msg}`);
  });
  commands.register('mlops.deleteVersion', async ({ root, target }) => {
    const v = await pick(target);
    const ok = await vscode.window.showWarningMessage(
      `Delete ${v.dataset} v${v.version} (${v.item})?`,
      { modal: true, detail: 'Its content is removed from .mlops/objects unless another version, a run or a model still refers to it. Other versions keep their numbers.' },
      'Delete',
    );
    if (ok !== 'Delete') return;
    const r = deleteVersion(state.openStore(), root, v.id);
    onStoreWritten();
    log.info(`Deleted ${v.dataset} ${label(v)}${r.objectRemoved ? ' and its object' : ' (its object is still referenced)'}`);
  });
}
