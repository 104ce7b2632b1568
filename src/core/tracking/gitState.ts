import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Store } from '../store/store';
import { putBytes } from '../data/objectCache';
import type { GitState } from './runRecords';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 256 << 20, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    return stdout;
  } catch {
    return undefined;
  }
}

/**
 * Commit, branch and dirty flag of the workspace's repository; when dirty, `git diff HEAD` of the
 * tracked files is stored as an object and referenced by hash. Outside a repository: empty.
 */
export async function captureGitState(workspaceRoot: string, store?: Store): Promise<GitState> {
  const commit = (await git(workspaceRoot, ['rev-parse', 'HEAD']))?.trim();
  if (!commit) return {};
  const branch = (await git(workspaceRoot, ['rev-parse', '--abbrev-ref', 'HEAD']))?.trim();
  const status = await git(workspaceRoot, ['status', '--porcelain', '--untracked-files=no']);
  const dirty = !!status?.trim();
  let diff: string | undefined;
  if (dirty) {
    const patch = await git(workspaceRoot, ['diff', 'HEAD', '--binary']);
    if (patch) diff = putBytes(workspaceRoot, patch, store).hash;
  }
  return { commit, branch: branch === 'HEAD' ? undefined : branch, dirty, diff };
}
