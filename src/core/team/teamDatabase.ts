// Which team store this workspace uses: MLOPS_TEAM_DATABASE, else mlops.json's team.database. A
// password never belongs in mlops.json (it is committed): it comes from PGPASSWORD or ~/.pgpass,
// which pg reads itself, or from the environment variable's URL.
import type { MlopsConfig } from '../config/types';
import { redactUrl } from './teamErrors';
import { TeamConfigError } from './types';

export const TEAM_DATABASE_ENV = 'MLOPS_TEAM_DATABASE';

export const PASSWORD_FIX = 'remove the password: use PGPASSWORD, ~/.pgpass or MLOPS_TEAM_DATABASE';

/** The URL without its password, for messages and status lines. */
export function displayUrl(url: string): string {
  return redactUrl(url);
}

/** Whether the URL carries a password (user:password@ or ?password=). */
export function urlHasPassword(url: string): boolean {
  try {
    const u = new URL(url);
    return u.password !== '' || u.searchParams.has('password');
  } catch {
    return /^[a-z]+:\/\/[^/@]*:[^/]*@/i.test(url) || /[?&]password=/i.test(url);
  }
}

/** The message for a password in mlops.json's team.database; never contains the password. */
export function passwordInConfigMessage(url: string): string {
  return `team.database (${displayUrl(url)}) contains a password, and mlops.json is shared: ${PASSWORD_FIX}.`;
}

/** The URL when it is a usable PostgreSQL URL; `from` names where it was given (a variable, an option). */
export function checkTeamUrl(url: string, from: string): string {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new TeamConfigError(`${from} is not a PostgreSQL URL (${displayUrl(url)}): write postgresql://USER@HOST:5432/DATABASE.`);
  }
  try {
    new URL(url);
  } catch {
    throw new TeamConfigError(`${from} is not a valid URL (${displayUrl(url)}): write postgresql://USER@HOST:5432/DATABASE, with special characters percent-encoded.`);
  }
  return url;
}

/** The team store's URL; TeamConfigError (exit 2) when none is set or mlops.json's holds a password. */
export function teamDatabaseUrl(config: Pick<MlopsConfig, 'team'>, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[TEAM_DATABASE_ENV]?.trim();
  if (fromEnv) return checkTeamUrl(fromEnv, TEAM_DATABASE_ENV);
  const fromConfig = config.team?.database?.trim();
  if (!fromConfig) throw new TeamConfigError(`no team store: set team.database in mlops.json or ${TEAM_DATABASE_ENV}`);
  if (urlHasPassword(fromConfig)) throw new TeamConfigError(`mlops.json: ${passwordInConfigMessage(fromConfig)}`);
  return checkTeamUrl(fromConfig, 'team.database in mlops.json');
}
