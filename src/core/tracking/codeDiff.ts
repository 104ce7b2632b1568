import { execFile } from 'node:child_process';
import { readObject } from '../data/objectCache';
import type { RunRecord } from './runRecords';

/** Why two runs' code cannot be compared, worded for the user (no commit, commit gone, no repo). */
export class CodeDiffError extends Error {}

export interface ChangedFile {
  status: 'added' | 'deleted' | 'modified' | 'renamed' | 'copied' | 'type changed';
  /** Repository-relative path on the newer side (the older side for a deletion). */
  path: string;
  /** The path on the older side when it was renamed or copied. */
  oldPath?: string;
}

const statusNames: Record<string, ChangedFile['status']> = { A: 'added', D: 'deleted', M: 'modified', R: 'renamed', C: 'copied', T: 'type changed' };

// Commits come from the store: anything but a hex object name could smuggle an option into git.
const isCommit = (s: string) => /^[0-9a-f]{4,64}$/i.test(s);

/** Runs git with arguments (never a shell); rejects with git's own message. */
export function git(cwd: string, args: string[], encoding: 'utf8' | 'buffer' = 'utf8'): Promise<string | Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-c', 'core.quotepath=off', ...args], { cwd, encoding, maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args.join(' ')}: ${String(stderr).trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** The top folder of the git repository holding `dir`, or undefined when there is none (or no git). */
export async function repositoryRoot(dir: string): Promise<string | undefined> {
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'])).toString().trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function commitExists(repo: string, commit: string): Promise<boolean> {
  if (!isCommit(commit)) return false;
  try {
    await git(repo, ['cat-file', '-e', `${commit}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** Files that differ between two commits, renames detected, in git's (path) order. */
export async function changedFiles(repo: string, from: string, to: string): Promise<ChangedFile[]> {
  const out = (await git(repo, ['diff', '--name-status', '-z', '-M', from, to])).toString();
  const fields = out.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length && fields[i]; ) {
    const code = fields[i++];
    const status = statusNames[code[0]] ?? 'modified';
    if (status === 'renamed' || status === 'copied') {
      files.push({ status, oldPath: fields[i], path: fields[i + 1] });
      i += 2;
    } else {
      files.push({ status, path: fields[i++] });
    }
  }
  return files;
}

/** A file's bytes at a commit; undefined when the commit does not hold that path. */
export async function fileAtCommit(repo: string, commit: string, file: string): Promise<Buffer | undefined> {
  if (!isCommit(commit)) return undefined;
  try {
    return (await git(repo, ['show', `${commit}:${file}`], 'buffer')) as Buffer;
  } catch {
    return undefined;
  }
}

export interface CodeSide {
  runId: string;
  runName: string;
  commit: string;
  branch?: string;
  /** The run's uncommitted diff (`git diff HEAD` when it started), or undefined when it was clean. */
  uncommitted?: string;
}

export interface CodeDiff {
  repo: string;
  a: CodeSide;
  b: CodeSide;
  files: ChangedFile[];
  /** `git diff a b`: the commits' difference as one patch. */
  patch: string;
  /** True when both ran the same commit without uncommitted changes. */
  identical: boolean;
}

function uncommittedOf(workspaceRoot: string, run: RunRecord): string | undefined {
  if (!run.git.diff) return undefined;
  try {
    return readObject(workspaceRoot, run.git.diff).toString('utf8');
  } catch {
    // The object may have been pruned: say so in place of the diff rather than failing the compare.
    return `(the uncommitted diff of this run, object ${run.git.diff}, is no longer in .mlops/objects)\n`;
  }
}

async function side(workspaceRoot: string, repo: string, run: RunRecord): Promise<CodeSide> {
  const commit = run.git.commit;
  if (!commit) {
    throw new CodeDiffError(`Run "${run.name}" has no git commit recorded: it was started outside a git repository (or before its first commit), so there is no code to compare.`);
  }
  if (!(await commitExists(repo, commit))) {
    throw new CodeDiffError(
      `Commit ${commit.slice(0, 12)} of run "${run.name}" is not in ${repo} any more (rebased, amended or garbage-collected?). Fetch it, or compare params and metrics with Compare in Editor.`,
    );
  }
  return { runId: run.id, runName: run.name, commit, branch: run.git.branch, uncommitted: uncommittedOf(workspaceRoot, run) };
}

/** The code two runs ran: the files changed between their commits plus each one's uncommitted diff. */
export async function codeDiff(workspaceRoot: string, a: RunRecord, b: RunRecord): Promise<CodeDiff> {
  const repo = await repositoryRoot(workspaceRoot);
  if (!repo) throw new CodeDiffError(`${workspaceRoot} is not in a git repository (or git is not installed): runs record their code by git commit.`);
  const [sa, sb] = [await side(workspaceRoot, repo, a), await side(workspaceRoot, repo, b)];
  const same = sa.commit === sb.commit;
  const files = same ? [] : await changedFiles(repo, sa.commit, sb.commit);
  const patch = same ? '' : (await git(repo, ['diff', '-M', sa.commit, sb.commit])).toString();
  return { repo, a: sa, b: sb, files, patch, identical: same && !sa.uncommitted && !sb.uncommitted };
}

const short = (c: string) => c.slice(0, 12);
const label = (s: CodeSide) => `${s.runName} (${short(s.commit)}${s.branch ? `, ${s.branch}` : ''})`;

/** The whole comparison as one patch document: commits first, then each run's uncommitted changes. */
export function codeDiffDocument(d: CodeDiff): string {
  const out = [`# Code of ${label(d.a)} vs ${label(d.b)}`, ''];
  if (d.a.commit === d.b.commit) out.push(`# Both runs ran commit ${short(d.a.commit)}.`, '');
  else out.push(`# git diff ${short(d.a.commit)} ${short(d.b.commit)}: ${d.files.length} file${d.files.length === 1 ? '' : 's'} changed`, d.patch.trimEnd(), '');
  for (const s of [d.a, d.b]) {
    out.push(`# Uncommitted changes of ${s.runName} when it started${s.uncommitted ? ` (on top of ${short(s.commit)})` : ': none'}`);
    if (s.uncommitted) out.push(s.uncommitted.trimEnd());
    out.push('');
  }
  return out.join('\n');
}
