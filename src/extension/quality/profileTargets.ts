// What "Show Profile" profiles: a table file (the Explorer, an editor, a dataset's working file) or
// a stored dataset version, named from whatever the user invoked the command on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveDataset } from '../../core/data/datasetItems';
import { listVersions, type DatasetVersion } from '../../core/data/datasetVersions';
import { formatOf } from '../../core/data/readers/openTable';
import type { ProfileCompareChoice } from '../../shared/profileData';
import type { DatasetNode } from '../views/datasetsTree';
import type { WorkbenchState } from '../workbenchState';

export type ProfileTarget =
  | { kind: 'file'; file: string; item?: { dataset: string; item: string } }
  | { kind: 'version'; version: DatasetVersion };

const WORKING = 'working';

export function targetLabel(state: WorkbenchState, t: ProfileTarget): string {
  if (t.kind === 'version') return `${t.version.dataset}:${t.version.item}@${t.version.version}`;
  const rel = state.root ? path.relative(state.root, t.file).split(path.sep).join('/') : t.file;
  return t.item ? `${t.item.dataset}:${rel} (working file)` : rel;
}

/** The same table twice is no comparison; a version and its working file are two. */
export function sameTarget(a: ProfileTarget, b: ProfileTarget): boolean {
  return a.kind === 'version' ? b.kind === 'version' && a.version.id === b.version.id : b.kind === 'file' && a.file === b.file;
}

/** Older first: versions by number, the working file last. */
export function chronological(a: ProfileTarget, b: ProfileTarget): number {
  const rank = (t: ProfileTarget) => (t.kind === 'version' ? t.version.version : Number.MAX_SAFE_INTEGER);
  return rank(a) - rank(b);
}

/** The declared dataset item a workspace file is, if any. */
function itemOfFile(state: WorkbenchState, file: string): { dataset: string; item: string } | undefined {
  const root = state.root;
  if (!root) return undefined;
  const config = state.config.config;
  for (const name of Object.keys(config.datasets)) {
    try {
      const found = resolveDataset(root, config, name).items.find((i) => i.kind === 'file' && path.resolve(i.abs) === path.resolve(file));
      if (found) return { dataset: name, item: found.item };
    } catch {
      // A dataset with an invalid path holds no file.
    }
  }
  return undefined;
}

function fileTarget(state: WorkbenchState, file: string): ProfileTarget {
  return { kind: 'file', file, item: itemOfFile(state, file) };
}

/** The working file of a dataset item, else (deleted, renamed) its latest version. */
function itemTarget(state: WorkbenchState, dataset: string, item: string): ProfileTarget {
  const abs = path.join(state.root ?? '', item);
  if (fs.existsSync(abs)) return { kind: 'file', file: abs, item: { dataset, item } };
  const store = state.existingStore();
  const latest = store ? listVersions(store, dataset, item)[0] : undefined;
  if (!latest) throw new Error(`${item} of dataset ${dataset} is missing and has no stored version to profile.`);
  return { kind: 'version', version: latest };
}

function assertTable(name: string, kind: 'file' | 'directory' = 'file'): void {
  if (kind === 'directory') throw new Error(`${name} is a folder: profile one of its files (open it in the Explorer).`);
  if (!formatOf(name)) throw new Error(`${name}: MLOps profiles .csv, .tsv, .jsonl, .ndjson and .parquet files.`);
}

/** The target a command argument names: an Explorer/editor Uri, or a Datasets-tree node. */
export async function targetFromArg(state: WorkbenchState, arg: unknown): Promise<ProfileTarget | undefined> {
  if (arg instanceof vscode.Uri) {
    assertTable(arg.fsPath);
    return fileTarget(state, arg.fsPath);
  }
  const node = arg as DatasetNode | undefined;
  if (node?.kind === 'version') {
    assertTable(node.v.item, node.v.kind);
    return { kind: 'version', version: node.v };
  }
  if (node?.kind === 'item') {
    assertTable(node.item);
    return itemTarget(state, node.dataset, node.item);
  }
  if (node?.kind === 'dataset' && state.root) {
    const items = resolveDataset(state.root, state.config.config, node.name).items.filter((i) => i.kind === 'file' && formatOf(i.item));
    if (items.length === 1) return itemTarget(state, node.name, items[0].item);
    if (!items.length) throw new Error(`Dataset ${node.name} has no .csv, .tsv, .jsonl or .parquet file to profile.`);
    const picked = await vscode.window.showQuickPick(items.map((i) => i.item), { title: `Profile which file of ${node.name}?` });
    return picked ? itemTarget(state, node.name, picked) : undefined;
  }
  return undefined;
}

/** The palette: every declared dataset's table files and their stored versions (Show Profile's pick, and Compare Drift's). */
export async function pickTarget(state: WorkbenchState, title = 'MLOps: Show Profile of...'): Promise<ProfileTarget | undefined> {
  const root = state.root;
  if (!root) throw new Error('Open a folder first: datasets live in its mlops.json.');
  const config = state.config.config;
  const store = state.existingStore();
  type Entry = vscode.QuickPickItem & { target?: ProfileTarget };
  const entries: Entry[] = [];
  for (const name of Object.keys(config.datasets)) {
    let files: string[] = [];
    try {
      files = resolveDataset(root, config, name).items.filter((i) => i.kind === 'file' && formatOf(i.item)).map((i) => i.item);
    } catch {
      continue;
    }
    const versions = store ? listVersions(store, name).filter((v) => v.kind === 'file' && formatOf(v.item)) : [];
    const items = [...new Set([...files, ...versions.map((v) => v.item)])].sort();
    if (!items.length) continue;
    entries.push({ label: name, kind: vscode.QuickPickItemKind.Separator });
    for (const item of items) {
      const abs = path.join(root, item);
      if (files.includes(item)) entries.push({ label: item, description: 'working file', target: { kind: 'file', file: abs, item: { dataset: name, item } } });
      for (const v of versions.filter((x) => x.item === item)) {
        entries.push({ label: `${item} v${v.version}`, description: `${new Date(v.createdAt).toLocaleString()} · ${v.hash.slice(0, 10)}`, target: { kind: 'version', version: v } });
      }
    }
  }
  if (!entries.length) throw new Error('No dataset in mlops.json has a .csv, .tsv, .jsonl or .parquet file to profile. Declare one under "datasets", or open the file and run Show Profile from its editor.');
  return (await vscode.window.showQuickPick(entries, { title, matchOnDescription: true }))?.target;
}

/** What "Compare with..." offers: the item's other versions, newest first, and its working file. */
export function compareChoices(state: WorkbenchState, t: ProfileTarget): (ProfileCompareChoice & { target: ProfileTarget })[] {
  const item = t.kind === 'version' ? { dataset: t.version.dataset, item: t.version.item } : t.item;
  if (!item) return [];
  const store = state.existingStore();
  const versions = store ? listVersions(store, item.dataset, item.item) : [];
  const choices: (ProfileCompareChoice & { target: ProfileTarget })[] = versions.map((v) => ({ id: `v${v.id}`, label: `v${v.version}`, target: { kind: 'version', version: v } }));
  const abs = path.join(state.root ?? '', item.item);
  if (fs.existsSync(abs)) choices.unshift({ id: WORKING, label: 'working file', target: { kind: 'file', file: abs, item } });
  return choices.filter((c) => !sameTarget(c.target, t));
}

/** The previous version of a version, for "Compare Profile with Previous". */
export function previousVersion(state: WorkbenchState, v: DatasetVersion): DatasetVersion | undefined {
  return listVersions(state.openStore(), v.dataset, v.item).find((x) => x.version < v.version);
}
