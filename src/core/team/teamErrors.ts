// What a failure of the team store means to the user: pg's errors (socket codes, SQLSTATEs) turned
// into our errors with the fix, and never with a password (messages name the server by HOST:PORT/DB).
import { TeamAccessError, TeamConfigError } from './types';

/** The team store cannot be reached (refused, unknown host, timed out, shutting down): exit 1. */
export class TeamUnavailableError extends Error {}

/** Creating or upgrading the schema needs the database's owner or a superuser, not a team role: exit 1. */
export class TeamAdminError extends Error {}

/** A TeamAccessError that keeps the server's own words (for a caller that knows better what is missing). */
export class TeamRefusedError extends TeamAccessError {
  constructor(
    message: string,
    needed: TeamAccessError['needed'],
    readonly reason: string,
  ) {
    super(message, needed);
  }
}

/** Where a connection goes, as it may be shown: no password. */
export interface TeamEndpoint {
  /** HOST:PORT. */
  address: string;
  database: string;
  user: string;
  /** The URL without its password. */
  display: string;
}

export function endpointOf(url: string): TeamEndpoint {
  try {
    const u = new URL(url);
    // postgresql:///db?host=/run/postgresql names a unix socket's folder, as pg reads it.
    const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || process.env.PGHOST || 'localhost';
    const port = u.port || process.env.PGPORT || '5432';
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || process.env.PGDATABASE || '';
    const user = decodeURIComponent(u.username) || process.env.PGUSER || '';
    return { address: `${host}:${port}`, database, user, display: redactUrl(url) };
  } catch {
    return { address: '(unparsable address)', database: '', user: '', display: redactUrl(url) };
  }
}

/** The URL with any password removed: from user:password@ and from a password= parameter. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    u.searchParams.delete('password');
    return u.toString();
  } catch {
    // Unparsable: drop everything between the scheme's user and the last @ of the authority.
    return url.replace(/^([a-z]+:\/\/[^/@:]*):[^/]*@/i, '$1@').replace(/([?&])password=[^&]*/gi, '$1');
  }
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300']);

function codeOf(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Node's happy-eyeballs connect throws an AggregateError whose parts carry the code.
  const parts = (err as { errors?: unknown[] }).errors;
  return Array.isArray(parts) ? parts.map(codeOf).find(Boolean) : undefined;
}

/** The role a refused statement needed: protected aliases and their list need release; reads reader; the rest writer. */
function roleNeeded(message: string, sql: string | undefined): TeamAccessError['needed'] {
  if (/needs the mlops_release role/.test(message)) return 'mlops_release';
  const s = (sql ?? '').trim();
  if (/^(insert|update|delete)\b[\s\S]*\bprotected_aliases\b/i.test(s)) return 'mlops_release';
  if (/^(select|with|show)\b/i.test(s) && !/\bmove_alias\s*\(/i.test(s)) return 'mlops_reader';
  if (!s) return /for (schema|table|sequence|function)/.test(message) ? 'mlops_reader' : 'mlops_writer';
  return 'mlops_writer';
}

const roleWord: Record<TeamAccessError['needed'], string> = { mlops_reader: 'reader', mlops_writer: 'writer', mlops_release: 'release' };

/**
 * The error to show for a failure talking to the team store at `endpoint` while running `sql`;
 * anything we do not recognise comes back unchanged (an internal error, never a masquerade).
 */
export function teamError(err: unknown, endpoint: TeamEndpoint, sql?: string): unknown {
  if (err instanceof TeamUnavailableError || err instanceof TeamAccessError || err instanceof TeamConfigError) return err;
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const where = `the team store at ${endpoint.address}${endpoint.database ? `/${endpoint.database}` : ''}`;
  if ((code && (unreachableCodes.has(code) || unavailableStates.has(code))) || /timeout (expired|exceeded)|connection timeout|Connection terminated unexpectedly/i.test(message)) {
    const why = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'unknown host' : code === 'ECONNREFUSED' ? 'connection refused' : code && unavailableStates.has(code) ? 'the server is shutting down, starting or full' : (code ?? 'timed out');
    return new TeamUnavailableError(`cannot reach ${where} (${why}): check the server is running and that team.database in mlops.json (or MLOPS_TEAM_DATABASE) names it.`);
  }
  if (code === '28P01') {
    return new TeamConfigError(`${where} refused the password of "${endpoint.user}": set it in PGPASSWORD or a ~/.pgpass line (never in mlops.json).`);
  }
  if (code === '28000') {
    return new TeamConfigError(`${where} refused the login "${endpoint.user}": the role may not exist or may not be allowed from here (pg_hba.conf). Ask the team store's admin.`);
  }
  if (code === '3D000') {
    return new TeamConfigError(`${where}: the database "${endpoint.database}" does not exist. Create it (createdb ${endpoint.database}), then run \`mlops team init\`.`);
  }
  if (code === '3F000') {
    return new TeamConfigError(`${where} has no "mlops" schema: run \`mlops team init\` (as the database's owner) first.`);
  }
  if (code === '42501') {
    const needed = roleNeeded(message, sql);
    const user = endpoint.user || 'this user';
    // The protected-alias guard already names the role; pg's own refusals do not.
    const what = message.includes(`needs the ${needed} role`) ? `${message}.` : `${message}. This needs the ${needed} role.`;
    return new TeamRefusedError(`${where} refused: ${what} Ask an admin to run \`mlops team grant ${user} ${roleWord[needed]}\`.`, needed, message);
  }
  return err;
}
