import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlopsConfig } from '../config/types';
import type { ItemKind } from './datasetVersions';
import { assertInsideWorkspace, globBase, globRegex, isGlobIn, toRel, walkFiles } from './workspacePaths';

export class DatasetError extends Error {}

export interface DatasetItem {
  /** Workspace-relative, '/'-separated. */
  item: string;
  abs: string;
  kind: ItemKind;
}

export interface ResolvedDataset {
  name: string;
  /** The path as declared in mlops.json. */
  declared: string;
  shape: 'file' | 'glob' | 'directory';
  /** What exists now: one item for a file or folder (also when missing), each match of a glob. */
  items: DatasetItem[];
}

/** The declared path of dataset `name`, or a DatasetError listing the declared ones. */
export function declaredPath(config: MlopsConfig, name: string): string {
  const d = config.datasets[name];
  if (!d) {
    const known = Object.keys(config.datasets);
    throw new DatasetError(
      `No dataset "${name}" in mlops.json${known.length ? ` (declared: ${known.join(', ')})` : ''}. Declare it under "datasets", or run \`mlops data add PATH --name ${name}\`.`,
    );
  }
  return d.path;
}

/**
 * The checks of a declared path that need no walk of its files (what mlops.json's problems report
 * too): inside the workspace, also through a symlink, and not the workspace itself. `abs` is the
 * file or folder, or for a glob the folder its matches lie under.
 */
export function checkDeclaredPath(workspaceRoot: string, name: string, declared: string): { what: string; posix: string; glob: boolean; abs: string } {
  const what = `Dataset "${name}" (path "${declared}" in mlops.json)`;
  const posix = declared.split(path.sep).join('/').replace(/^\.\//, '');
  const glob = isGlobIn(workspaceRoot, posix);
  const abs = path.resolve(workspaceRoot, glob ? globBase(posix) : posix);
  assertInsideWorkspace(workspaceRoot, abs, what);
  if (!glob && toRel(workspaceRoot, abs) === '') throw new DatasetError(`${what} is the workspace itself: name a file, a folder or a glob inside it.`);
  return { what, posix, glob, abs };
}

/**
 * Resolves a declared dataset into its items: a file, each match of a glob (versioned on its own),
 * or a folder (versioned as a whole). Anything resolving outside the workspace, also through a
 * symlink, is refused with an error naming the dataset and its path.
 */
export function resolveDataset(workspaceRoot: string, config: MlopsConfig, name: string): ResolvedDataset {
  const declared = declaredPath(config, name);
  const { what, posix, glob, abs: baseAbs } = checkDeclaredPath(workspaceRoot, name, declared);
  if (glob) {
    const re = globRegex(toRel(workspaceRoot, path.resolve(workspaceRoot, posix)));
    const files = fs.existsSync(baseAbs) && fs.statSync(baseAbs).isDirectory() ? walkFiles(baseAbs) : [];
    const items: DatasetItem[] = [];
    for (const abs of files) {
      const item = toRel(workspaceRoot, abs);
      if (!re.test(item)) continue;
      assertInsideWorkspace(workspaceRoot, abs, `${what}, match ${item},`);
      items.push({ item, abs, kind: 'file' });
    }
    return { name, declared, shape: 'glob', items };
  }
  const abs = baseAbs;
  const item = toRel(workspaceRoot, abs);
  let isDir = posix.endsWith('/');
  try {
    isDir = fs.statSync(abs).isDirectory();
  } catch {
    /* missing: a folder only if declared with a trailing slash */
  }
  return { name, declared, shape: isDir ? 'directory' : 'file', items: [{ item, abs, kind: isDir ? 'directory' : 'file' }] };
}
