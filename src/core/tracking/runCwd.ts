import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolvesInside } from '../data/workspacePaths';

export class RunCwdError extends Error {}

/**
 * A run's working folder as an absolute path: `cwd` is relative to the workspace and must stay
 * inside it (also through symlinks), exist, and be a folder. The same check serves mlops.json's
 * problems and the launcher, so a config that loads clean never launches elsewhere.
 */
export function resolveRunCwd(workspaceRoot: string, cwd = '.'): string {
  const abs = path.resolve(workspaceRoot, cwd);
  if (!resolvesInside(workspaceRoot, abs)) throw new RunCwdError(`the run's working folder ${abs} is outside the workspace ${workspaceRoot}: give "cwd" as a folder inside it (relative to the workspace)`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new RunCwdError(`the run's working folder ${abs} does not exist: create it, or fix "cwd" (relative to the workspace)`);
  }
  if (!stat.isDirectory()) throw new RunCwdError(`the run's working folder ${abs} is not a folder: fix "cwd" (relative to the workspace)`);
  return abs;
}
