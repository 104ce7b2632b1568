// Which remote a command means, and opening it: mlops.json's "remotes" names them; --remote picks
// one, else the default (default: true, or team.remote, or the only one there is).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MlopsConfig, RemoteConfig } from '../config/types';
import { folderRemote } from './folderRemote';
import { parseS3Url, s3Remote } from './s3Remote';
import { RemoteConfigError, type ObjectRemote } from './types';

/** The name of the remote used when none is named, or undefined when mlops.json leaves it open. */
export function defaultRemoteName(config: MlopsConfig): string | undefined {
  const names = Object.keys(config.remotes ?? {});
  if (config.team?.remote && names.includes(config.team.remote)) return config.team.remote;
  const marked = names.filter((n) => config.remotes![n].default === true);
  if (marked.length === 1) return marked[0];
  if (!marked.length && names.length === 1) return names[0];
  return undefined;
}

/** The remote's name: `name` when given, else the default; a RemoteConfigError saying what to write otherwise. */
export function pickRemoteName(config: MlopsConfig, name?: string): string {
  const remotes = config.remotes ?? {};
  const names = Object.keys(remotes);
  if (!names.length) {
    throw new RemoteConfigError('mlops.json has no "remotes": add one, e.g. "remotes": {"team": {"url": "s3://bucket/prefix"}} or {"team": {"url": "/mnt/shared/mlops"}}.');
  }
  if (name !== undefined) {
    if (!Object.hasOwn(remotes, name)) throw new RemoteConfigError(`No remote "${name}" in mlops.json "remotes" (remotes: ${names.join(', ')}): use one of those, or add remotes.${name}.`);
    return name;
  }
  if (config.team?.remote && !names.includes(config.team.remote)) {
    throw new RemoteConfigError(`mlops.json "team.remote" names "${config.team.remote}", which is not in "remotes" (remotes: ${names.join(', ')}): fix team.remote or add remotes.${config.team.remote}.`);
  }
  const marked = names.filter((n) => remotes[n].default === true);
  if (marked.length > 1 && !config.team?.remote) throw new RemoteConfigError(`mlops.json marks several remotes "default": true (${marked.join(', ')}): keep it on one, or pass --remote NAME.`);
  const picked = defaultRemoteName(config);
  if (!picked) throw new RemoteConfigError(`mlops.json has ${names.length} remotes (${names.join(', ')}) and none is the default: set "default": true on one (or team.remote), or pass --remote NAME.`);
  return picked;
}

export type RemoteKind = { kind: 's3'; url: string } | { kind: 'folder'; root: string };

/** What a remote's url means: s3://bucket/prefix, or a folder (absolute, file://, or relative to the workspace). */
export function parseRemoteUrl(workspaceRoot: string, name: string, url: string): RemoteKind {
  const bad = (why: string) => new RemoteConfigError(`mlops.json remotes.${name}.url "${url}" ${why}: write s3://bucket/prefix, an absolute folder path, a file:// URL, or a folder relative to the workspace.`);
  if (url.startsWith('s3://')) {
    if (!parseS3Url(url)) throw bad('is not a valid S3 location (the bucket name: 3 to 63 lowercase letters, digits, dots or hyphens)');
    return { kind: 's3', url };
  }
  if (url.startsWith('file:')) {
    try {
      return { kind: 'folder', root: fileURLToPath(url) };
    } catch {
      throw bad('is not a valid file:// URL');
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw bad('uses a scheme remotes do not support');
  return { kind: 'folder', root: path.resolve(workspaceRoot, url) };
}

/** Opens a remote from its config (no network yet: the first operation connects). */
export function openRemote(workspaceRoot: string, name: string, rc: RemoteConfig): ObjectRemote {
  const k = parseRemoteUrl(workspaceRoot, name, rc.url);
  return k.kind === 's3' ? s3Remote(name, k.url, rc, rc.jobs) : folderRemote(name, k.root, rc.jobs);
}

/** The named remote, else the default one, opened. */
export function resolveRemote(workspaceRoot: string, config: MlopsConfig, name?: string): ObjectRemote {
  const picked = pickRemoteName(config, name);
  return openRemote(workspaceRoot, picked, config.remotes![picked]);
}
