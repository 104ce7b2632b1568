// Who made a change, for the audit log: the identity a commit would carry (git's user.name and
// user.email as configured for the workspace), else the OS user (a CI runner without git identity).
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';

const cache = new Map<string, string>();

/** "Name <email>" from git config in workspaceRoot, else the OS user; asked once per root. */
export function currentActor(workspaceRoot: string): string {
  let actor = cache.get(workspaceRoot);
  if (actor === undefined) {
    actor = gitIdentity(workspaceRoot) ?? osUser();
    cache.set(workspaceRoot, actor);
  }
  return actor;
}

function gitIdentity(cwd: string): string | undefined {
  const name = gitConfig(cwd, 'user.name');
  const email = gitConfig(cwd, 'user.email');
  if (name && email) return `${name} <${email}>`;
  return name || (email ? `<${email}>` : undefined);
}

// `git config KEY` reads settings only (no hooks, no fsmonitor), so it is safe in an untrusted
// workspace; a missing git or key (exit 1) is simply no answer.
function gitConfig(cwd: string, key: string): string | undefined {
  try {
    const out = execFileSync('git', ['config', '--get', key], {
      cwd,
      encoding: 'utf8',
      timeout: 5000,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    // No passwd entry for the uid (some containers): the environment may still say.
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
