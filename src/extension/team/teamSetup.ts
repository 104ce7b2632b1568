import * as vscode from 'vscode';
import type { MlopsConfig } from '../../core/config/types';
import { displayUrl, TEAM_DATABASE_ENV } from '../../core/team/teamDatabase';

/** What this workspace syncs with: the team store (and where its URL comes from) and the remotes. */
export interface TeamSetup {
  /** 'env': MLOPS_TEAM_DATABASE; 'config': mlops.json's team.database; undefined: no team store. */
  database: 'env' | 'config' | undefined;
  /** The team store's URL without a password, for tooltips. */
  display: string | undefined;
  remotes: string[];
}

export function teamSetup(config: MlopsConfig, env: NodeJS.ProcessEnv = process.env): TeamSetup {
  const fromEnv = env[TEAM_DATABASE_ENV]?.trim();
  const fromConfig = config.team?.database?.trim();
  const url = fromEnv || fromConfig;
  return {
    database: fromEnv ? 'env' : fromConfig ? 'config' : undefined,
    display: url ? displayUrl(url) : undefined,
    remotes: Object.keys(config.remotes ?? {}),
  };
}

export const syncConfigured = (s: TeamSetup) => s.database !== undefined || s.remotes.length > 0;

/**
 * Why a sync must wait for the user to trust the workspace, or undefined. A workspace must not send
 * its store, or connect with the user's credentials, to a server that its own mlops.json names before
 * the user trusts it; a team store from MLOPS_TEAM_DATABASE is the user's own choice. Objects go to
 * a remote that only mlops.json names, so an untrusted workspace with remotes waits too.
 */
export function untrustedReason(s: TeamSetup): string | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  if (s.database === 'config') return `mlops.json names the team store (${s.display})`;
  if (s.remotes.length) return `mlops.json names the remote ${s.remotes.join(', ')}`;
  return undefined;
}
