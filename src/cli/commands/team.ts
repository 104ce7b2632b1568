// `mlops team status|init|grant|revoke|members|protect|unprotect|protected`: status is E's
// (teamStatus.ts); the rest set up the team store and who may do what on it. The database enforces
// the roles; these verbs only create the schema and change grants and protections.
// Exit 2 for bad arguments or a team store that is not configured, 1 when the server refuses or
// cannot be reached.
import type { MlopsConfig } from '../../core/config/types';
import { checkAliasName } from '../../core/registry/aliases';
import { connectTeam, type TeamDb } from '../../core/team/teamConnect';
import { checkTeamUrl, displayUrl, teamDatabaseUrl } from '../../core/team/teamDatabase';
import { TeamAdminError, TeamUnavailableError } from '../../core/team/teamErrors';
import { grantTeamRole, isTeamLevel, listTeamMembers, revokeTeamRoles, teamLevels } from '../../core/team/teamGrant';
import { initTeam, listProtectedAliases, protectAliases, unprotectAlias, type ProtectedAlias } from '../../core/team/teamInit';
import { TeamAccessError, TeamConfigError } from '../../core/team/types';
import { findWorkspaceRoot } from '../../core/workspace/findWorkspace';
import { EXIT, UsageError, type Command, type CommandContext } from '../command';
import { table } from '../table';
import { readWorkspaceConfig } from '../workspaceStore';
import { teamStatusUsage, teamStatusVerb } from './teamStatus';

const usage = `${teamStatusUsage} | init [--database URL] | grant USER reader|writer|release | revoke USER | members | protect MODEL ALIAS | unprotect MODEL ALIAS | protected`;

/** mlops.json of the workspace, when there is one (an admin may run these verbs anywhere with --database). */
function workspaceConfig(ctx: CommandContext): MlopsConfig | undefined {
  const root = typeof ctx.values.workspace === 'string' ? ctx.workspace() : findWorkspaceRoot(ctx.cwd);
  return root ? readWorkspaceConfig(root).config : undefined;
}

/** --database, else MLOPS_TEAM_DATABASE, else mlops.json's team.database. */
function databaseUrl(ctx: CommandContext, config: MlopsConfig | undefined): string {
  if (typeof ctx.values.database === 'string') return checkTeamUrl(ctx.values.database, '--database');
  return teamDatabaseUrl(config ?? {}, process.env);
}

/** The aliases mlops.json protects (models.NAME.protect), which team init makes the server enforce. */
function configuredProtections(config: MlopsConfig | undefined): ProtectedAlias[] {
  return Object.entries(config?.models ?? {}).flatMap(([model, m]) => (m.protect ?? []).map((alias) => ({ model, alias })));
}

async function withTeam<T>(ctx: CommandContext, fn: (db: TeamDb) => Promise<T>): Promise<T> {
  const db = await connectTeam(databaseUrl(ctx, workspaceConfig(ctx)));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function args(ctx: CommandContext, names: string[], verb: string): string[] {
  if (ctx.args.length !== names.length) {
    throw new UsageError(`team ${verb} takes ${names.length ? names.join(' ') : 'no argument'}${ctx.args.length > names.length ? `, not "${ctx.args.slice(names.length).join(' ')}"` : ''}.`, `Usage: mlops team ${verb}${names.length ? ' ' + names.join(' ') : ''}`);
  }
  return ctx.args;
}

async function init(ctx: CommandContext): Promise<number> {
  args(ctx, [], 'init');
  const config = workspaceConfig(ctx);
  const url = databaseUrl(ctx, config);
  const protect = configuredProtections(config);
  const report = await initTeam(url, protect);
  const display = displayUrl(url);
  if (ctx.json) {
    ctx.out(JSON.stringify({ database: display, ...report, protected: protect }, null, 2));
    return EXIT.ok;
  }
  if (report.applied.length) {
    ctx.out(`Team store ${display}: applied ${report.applied.map((a) => `migration ${a.version} (${a.name})`).join(', ')}; schema version ${report.version}.`);
    ctx.out(`Next: give teammates a role, e.g. \`mlops team grant alice writer\` (reader: pull; writer: push; release: also move protected aliases).`);
  } else ctx.out(`Team store ${display} is already at schema version ${report.version}: nothing to apply.`);
  if (protect.length) ctx.out(`Protected on the team store (only release may move them): ${protect.map((p) => `${p.model}@${p.alias}`).join(', ')}.`);
  if (typeof ctx.values.database === 'string' && config && !config.team?.database && !process.env.MLOPS_TEAM_DATABASE) {
    ctx.err(`To use it from this workspace, add "team": {"database": "${display}"} to mlops.json (the password, if any, goes in PGPASSWORD or ~/.pgpass).`);
  }
  return EXIT.ok;
}

async function grant(ctx: CommandContext): Promise<number> {
  const [user, level] = args(ctx, ['USER', 'reader|writer|release'], 'grant');
  if (!isTeamLevel(level)) throw new UsageError(`"${level}" is not a team role.`, `Use one of ${teamLevels.join(', ')}: reader pulls, writer also pushes, release also moves protected aliases.`);
  await withTeam(ctx, (db) => grantTeamRole(db, user, level));
  if (ctx.json) ctx.out(JSON.stringify({ user, level }, null, 2));
  else ctx.out(`${user} is now a ${level} of the team store (any other team role was revoked).`);
  return EXIT.ok;
}

async function revoke(ctx: CommandContext): Promise<number> {
  const [user] = args(ctx, ['USER'], 'revoke');
  const held = await withTeam(ctx, (db) => revokeTeamRoles(db, user));
  if (ctx.json) ctx.out(JSON.stringify({ user, revoked: held }, null, 2));
  else ctx.out(held ? `${user} no longer has a team role.` : `${user} had no team role: nothing changed.`);
  return EXIT.ok;
}

async function members(ctx: CommandContext): Promise<number> {
  args(ctx, [], 'members');
  const list = await withTeam(ctx, (db) => listTeamMembers(db));
  if (ctx.json) ctx.out(JSON.stringify(list, null, 2));
  else if (!list.length) ctx.err('Nobody has a team role yet: `mlops team grant USER reader|writer|release`.');
  else ctx.out(table(['USER', 'ROLE', 'LOGIN'], list.map((m) => [m.user, m.level, m.canLogin ? 'yes' : 'no (a group)'])));
  return EXIT.ok;
}

async function protect(ctx: CommandContext): Promise<number> {
  const [model, alias] = args(ctx, ['MODEL', 'ALIAS'], 'protect');
  checkAliasName(alias);
  const added = await withTeam(ctx, (db) => protectAliases(db, [{ model, alias }]));
  if (ctx.json) ctx.out(JSON.stringify({ model, alias, protected: true, changed: added.length > 0 }, null, 2));
  else ctx.out(added.length ? `${model}@${alias} is protected: only the release role may move it.` : `${model}@${alias} was already protected: nothing changed.`);
  return EXIT.ok;
}

async function unprotect(ctx: CommandContext): Promise<number> {
  const [model, alias] = args(ctx, ['MODEL', 'ALIAS'], 'unprotect');
  const removed = await withTeam(ctx, (db) => unprotectAlias(db, model, alias));
  if (ctx.json) ctx.out(JSON.stringify({ model, alias, protected: false, changed: removed }, null, 2));
  else ctx.out(removed ? `${model}@${alias} is no longer protected: writers may move it.` : `${model}@${alias} was not protected: nothing changed.`);
  return EXIT.ok;
}

async function listProtected(ctx: CommandContext): Promise<number> {
  args(ctx, [], 'protected');
  const list = await withTeam(ctx, (db) => listProtectedAliases(db));
  if (ctx.json) ctx.out(JSON.stringify(list, null, 2));
  else if (!list.length) ctx.err('No alias is protected on the team store.');
  else ctx.out(table(['MODEL', 'ALIAS'], list.map((p) => [p.model, p.alias])));
  return EXIT.ok;
}

// status is E's (teamStatus.ts): what a push would send and a pull would bring.
const verbs: Record<string, (ctx: CommandContext) => Promise<number>> = { status: teamStatusVerb, init, grant, revoke, members, protect, unprotect, protected: listProtected };

/** Exit 2 for a team store that is not configured, 1 when it refuses or cannot be reached; anything else is a bug. */
function failure(ctx: CommandContext, verb: string, err: unknown): number {
  const code =
    err instanceof TeamConfigError ? EXIT.usage
    : err instanceof TeamAccessError || err instanceof TeamUnavailableError || err instanceof TeamAdminError ? EXIT.checkFailed
    : undefined;
  if (code === undefined) throw err;
  ctx.err(`mlops team ${verb}: ${(err as Error).message}`);
  return code;
}

export const teamCommand: Command = {
  name: 'team',
  summary: 'the shared team store on PostgreSQL: status, init, grant roles, members, protect aliases',
  usage,
  examples: [
    'mlops team status',
    'mlops team init --database postgresql://admin@db.example.com/mlops',
    'mlops team grant alice writer',
    'mlops team members',
    'mlops team protect churn production',
  ],
  options: { database: { type: 'string' } },
  optionHelp: {
    '--database URL': 'the team store (postgresql://USER@HOST:5432/DB; the password from PGPASSWORD or ~/.pgpass) instead of MLOPS_TEAM_DATABASE or team.database in mlops.json',
  },
  async run(ctx) {
    const [verb, ...rest] = ctx.args;
    const fn = verb === undefined ? undefined : verbs[verb];
    if (!fn) throw new UsageError(verb === undefined ? 'team needs a verb.' : `Unknown "team ${verb}".`, `Usage: ${usage}`);
    try {
      return await fn({ ...ctx, args: rest });
    } catch (err) {
      return failure(ctx, verb, err);
    }
  },
};
