import * as fs from 'node:fs';
import * as path from 'node:path';
import { storeLayout } from '../store/layout';

/** Folders never scanned or watched: version control, dependencies, our own state, virtualenvs. */
const IGNORED_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '.mlops', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache']);

export function isIgnoredDir(dir: string): boolean {
  // A virtualenv under any name holds pyvenv.cfg.
  return IGNORED_DIRS.has(path.basename(dir)) || fs.existsSync(path.join(dir, 'pyvenv.cfg'));
}

/** Workspace-relative, '/'-separated: how items and stat-cache entries are keyed on every OS. */
export function toRel(workspaceRoot: string, abs: string): string {
  return path.relative(workspaceRoot, abs).split(path.sep).join('/');
}

export class OutsideWorkspaceError extends Error {}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p`, or of its nearest existing ancestor with the rest appended. */
function realpathLenient(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(realpathLenient(parent), path.basename(p));
  }
}

/** Whether `abs` lies inside the workspace, as written and once symlinks are followed. */
export function resolvesInside(workspaceRoot: string, abs: string): boolean {
  return inside(path.resolve(workspaceRoot), path.resolve(abs)) && inside(fs.realpathSync(workspaceRoot), realpathLenient(abs));
}

/** A path that reaches `.mlops`: the workbench's own state is never data. */
export class StateFolderError extends OutsideWorkspaceError {}

/**
 * Refuses a path outside the workspace, also one reaching out through a symlink, and one reaching
 * into `.mlops` (the store and the object cache), directly or through a symlink. `what` names the
 * dataset and the declared path in the error.
 */
export function assertInsideWorkspace(workspaceRoot: string, abs: string, what: string): void {
  const root = fs.realpathSync(workspaceRoot);
  const real = realpathLenient(abs);
  if (!resolvesInside(workspaceRoot, abs)) {
    throw new OutsideWorkspaceError(
      `${what} resolves to ${real}, outside the workspace ${root}. Only files inside the workspace can be versioned: move or copy the data into it (a symlink pointing out is refused too).`,
    );
  }
  if (inside(storeLayout(path.resolve(workspaceRoot)).dir, path.resolve(abs)) || inside(storeLayout(root).dir, real)) {
    throw new StateFolderError(
      `${what} reaches ${real}, inside .mlops, the workbench's own store and object cache, which is never data: name a file, folder or glob outside .mlops.`,
    );
  }
}

/** Every regular file under `dir` (sorted, absolute), skipping ignored folders and symlinked folders. */
export function walkFiles(dir: string): string[] {
  return walkFileEntries(dir).map((e) => e.path);
}

/**
 * walkFiles with whether each file was reached through a symlink: only those can lead out of the
 * folder (symlinked folders are not entered), so only those need their real path checked. `rel` is
 * the file's path under `dir`, '/'-separated, built as the walk descends (no path.relative per file).
 */
export function walkFileEntries(dir: string): { path: string; rel: string; symlink: boolean }[] {
  const out: { path: string; rel: string; symlink: boolean }[] = [];
  const visit = (d: string, prefix: string) => {
    const base = d.endsWith(path.sep) ? d : d + path.sep;
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = base + e.name;
      const rel = prefix + e.name;
      if (e.isDirectory()) {
        if (!isIgnoredDir(p)) visit(p, `${rel}/`);
      } else if (e.isFile()) out.push({ path: p, rel, symlink: false });
      else if (e.isSymbolicLink() && isFileTarget(p)) out.push({ path: p, rel, symlink: true });
    }
  };
  visit(path.resolve(dir), '');
  return out;
}

function isFileTarget(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/**
 * Whether a workspace-relative path is used as a glob: it has wildcards and no file or folder of
 * that very name exists. A literal path wins, so `data/a[1].csv` names that file when it is there.
 */
export function isGlobIn(workspaceRoot: string, rel: string): boolean {
  return isGlob(rel) && !fs.existsSync(path.resolve(workspaceRoot, rel));
}

/** `*` within a folder, `**` across folders, `?` one character, `[abc]` a class. */
export function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The folder a glob's matches all lie under: its longest wildcard-free leading folders. */
/**
 * The workspace-relative files (sorted) a workspace-relative pattern matches: those under its fixed
 * folder (walked as walkFiles does) whose path the pattern matches; none when that folder is absent.
 */
export function globMatches(workspaceRoot: string, pattern: string): string[] {
  const base = path.resolve(workspaceRoot, globBase(pattern));
  const re = globRegex(pattern);
  if (!fs.existsSync(base) || !fs.statSync(base).isDirectory()) return [];
  return walkFiles(base)
    .map((f) => toRel(workspaceRoot, f))
    .filter((f) => re.test(f))
    .sort();
}

export function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (isGlob(p)) break;
    fixed.push(p);
  }
  return fixed.join('/') || '.';
}
