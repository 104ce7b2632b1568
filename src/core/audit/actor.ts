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
  const { name, email } = gitUser(cwd);
  if (name && email) return `${name} <${email}>`;
  return name || (email ? `<${email}>` : undefined);
}

// One `git config` for both keys (a process start is the whole cost). It reads settings only (no
// hooks, no fsmonitor), so it is safe in an untrusted workspace; no git or no key is no answer.
function gitUser(cwd: string): { name?: string; email?: string } {
  let out: string;
  try {
    out = execFileSync('git', ['config', '--get-regexp', '^user\\.(name|email)$'], {
      cwd,
      encoding: 'utf8',
      timeout: 5000,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
  } catch {
    return {};
  }
  const found: { name?: string; email?: string } = {};
  // Listed from the widest scope to the narrowest: the last value of a key is the one in effect.
  for (const line of out.split('\n')) {
    const m = /^user\.(name|email) (.*)$/.exec(line.trim());
    if (m && m[2].trim()) found[m[1] as 'name' | 'email'] = m[2].trim();
  }
  return found;
}

function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    // No passwd entry for the uid (some containers): the environment may still say.
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
