// `mlops team grant USER reader|writer|release` and `mlops team members`: membership of the group
// roles team init created. Each level includes the ones below it (release > writer > reader, by the
// schema's GRANTs), so a user holds exactly one of them: granting one revokes the others.
import { teamRoles } from './serverMigrations';
import type { TeamDb } from './teamConnect';
import { TeamAdminError } from './teamErrors';
import { TeamAccessError, TeamConfigError } from './types';

export type TeamLevel = keyof typeof teamRoles;

export const teamLevels = Object.keys(teamRoles) as TeamLevel[];

export interface TeamMember {
  user: string;
  level: TeamLevel;
  /** Whether the role may log in (a group role granted to another group is listed too). */
  canLogin: boolean;
}

export function isTeamLevel(s: string): s is TeamLevel {
  return (teamLevels as string[]).includes(s);
}

/** Changing membership needs a superuser, CREATEROLE or ADMIN OPTION on the group roles, not a team role. */
async function asAdmin(db: TeamDb, fn: Parameters<TeamDb['transaction']>[0]): Promise<void> {
  try {
    await db.transaction(fn);
  } catch (err) {
    if (!(err instanceof TeamAccessError)) throw err;
    const who = db.endpoint.user ? `"${db.endpoint.user}"` : 'this user';
    throw new TeamAdminError(`${who} may not change who holds the team roles on ${db.display}: run it as a superuser, a role with CREATEROLE, or the database's owner who ran \`mlops team init\`.`);
  }
}

/** pg's identifier quoting, loaded when needed (the client is not loaded at start-up: see teamConnect). */
async function identifierQuoting(): Promise<(name: string) => string> {
  return (await import('pg')).default.escapeIdentifier;
}

/** Grants `level` to `user` and revokes the other two, in one transaction. */
export async function grantTeamRole(db: TeamDb, user: string, level: TeamLevel): Promise<void> {
  const quoteIdent = await identifierQuoting();
  if (!isTeamLevel(level)) throw new TeamConfigError(`"${String(level)}" is not a team role: use ${teamLevels.join(', ')}.`);
  await asAdmin(db, async (tx) => {
    const exists = await tx.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
    if (!exists.rowCount) {
      throw new TeamConfigError(`there is no role "${user}" on ${db.display}: create the login first (CREATE ROLE ${quoteIdent(user)} LOGIN), then grant it a team role.`);
    }
    if ((Object.values(teamRoles) as string[]).includes(user)) throw new TeamConfigError(`"${user}" is one of the team's group roles: grant a teammate's login instead.`);
    const who = quoteIdent(user);
    for (const other of teamLevels.filter((l) => l !== level)) {
      const held = await tx.query('SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = $1 AND u.rolname = $2', [teamRoles[other], user]);
      if (held.rowCount) await tx.query(`REVOKE ${teamRoles[other]} FROM ${who}`);
    }
    await tx.query(`GRANT ${teamRoles[level]} TO ${who}`);
  });
}

/** Revokes every team role from `user`; returns whether it held any. */
export async function revokeTeamRoles(db: TeamDb, user: string): Promise<boolean> {
  const levels = (await listTeamMembers(db)).filter((m) => m.user === user);
  if (!levels.length) return false;
  const quoteIdent = await identifierQuoting();
  await asAdmin(db, async (tx) => {
    for (const m of levels) await tx.query(`REVOKE ${teamRoles[m.level]} FROM ${quoteIdent(user)}`);
  });
  return true;
}

/** Every role granted a team role directly (the group roles' own chain left out), by user. */
export async function listTeamMembers(db: TeamDb): Promise<TeamMember[]> {
  const r = await db.query<{ user: string; role: string; can_login: boolean }>(
    `SELECT u.rolname AS user, g.rolname AS role, u.rolcanlogin AS can_login
       FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
      WHERE g.rolname = ANY($1) AND NOT (u.rolname = ANY($1))
      ORDER BY u.rolname, g.rolname`,
    [Object.values(teamRoles)],
  );
  const byRole = Object.fromEntries(Object.entries(teamRoles).map(([level, role]) => [role, level as TeamLevel]));
  return r.rows.map((row) => ({ user: row.user, level: byRole[row.role], canLogin: row.can_login }));
}
