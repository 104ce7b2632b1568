// `mlops audit [--since] [--object] [--action] [--limit] [--json]`, `mlops audit verify [--head HASH]
// [--from FILE]`, `mlops audit export [--to FILE]`, `mlops audit head`: the store's hash-chained log
// of changes. verify exits 1 naming the first entry that does not match; bad input exits 2.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditEntries, auditHead, auditJsonLine, listAudit, type AuditFilter } from '../../core/audit/auditQuery';
import { auditActions, GENESIS_HASH, type AuditAction, type AuditEntry, type AuditVerification } from '../../core/audit/types';
import { verifyAudit, verifyAuditEntries } from '../../core/audit/verifyAudit';
import { DurationError, parseDuration } from '../../core/monitors/duration';
import { Store } from '../../core/store/store';
import { EXIT, UsageError, type Command, type CommandContext } from '../command';
import { table } from '../table';
import { formatTime } from '../time';

const usage = 'mlops audit [--since DATE|DURATION] [--object REF] [--action A] [--limit N] [--json] | verify [--head HASH] [--from FILE] [--json] | export [--to FILE] | head [--json]';

// Read-only: opened without settling runs first, so reading or verifying the log appends nothing to it.
function withStore<T>(ctx: CommandContext, fn: (store: Store) => T): T {
  const store = Store.open(ctx.workspace());
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** --since: a date or time (2026-12-01, 2026-12-01T09:00Z) or how long ago (30m, 6h, 7d). */
export function parseSince(text: string, now = Date.now()): number {
  if (/^\s*\d+(\.\d+)?\s*[smhdw]\s*$/.test(text)) {
    try {
      return now - parseDuration(text, '--since');
    } catch (err) {
      if (err instanceof DurationError) throw new UsageError(err.message);
      throw err;
    }
  }
  const at = /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? Date.parse(text.trim()) : NaN;
  if (Number.isNaN(at)) throw new UsageError(`--since "${text}" is neither a date nor a duration.`, 'Write a date (2026-12-01, 2026-12-01T09:00Z; a date alone is midnight UTC) or how long ago (30m, 6h, 7d, 2w).');
  return at;
}

function filterFrom(ctx: CommandContext): AuditFilter {
  const f: AuditFilter = {};
  const v = ctx.values;
  if (typeof v.since === 'string') f.since = parseSince(v.since);
  if (typeof v.object === 'string') f.objectFamily = v.object;
  if (typeof v.action === 'string') {
    if (!(auditActions as readonly string[]).includes(v.action)) throw new UsageError(`--action "${v.action}" is not an audit action.`, `Actions: ${auditActions.join(', ')}`);
    f.action = v.action as AuditAction;
  }
  if (typeof v.limit === 'string') {
    if (!/^\d+$/.test(v.limit) || Number(v.limit) < 1) throw new UsageError(`--limit "${v.limit}" is not a positive whole number.`);
    f.limit = Number(v.limit);
  }
  return f;
}

const jsonEntry = (e: AuditEntry) => ({ ...e, time: new Date(e.at).toISOString() });

function list(ctx: CommandContext): number {
  if (ctx.args.length) throw new UsageError(`Unknown "audit ${ctx.args[0]}".`, `Usage: ${usage}`);
  const filter = filterFrom(ctx);
  const entries = withStore(ctx, (store) => listAudit(store, filter));
  if (ctx.json) ctx.out(JSON.stringify(entries.map(jsonEntry), null, 2));
  else if (!entries.length) ctx.err(Object.keys(filter).length ? 'No audit entries match.' : 'The audit log is empty: entries appear as runs, datasets and models change.');
  else ctx.out(table(['SEQ', 'TIME', 'WHO', 'ACTION', 'OBJECT', 'REASON'], entries.map((e) => [String(e.seq), formatTime(e.at), e.actor, e.action, e.object, e.reason])));
  return 0;
}

/** Entries of a JSON Lines export, each line checked to be an entry; a bad line is named. */
function readExport(file: string): AuditEntry[] {
  if (!fs.existsSync(file)) throw new UsageError(`--from ${file} does not exist.`, 'Give a file `mlops audit export --to FILE` wrote.');
  const entries: AuditEntry[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let e: Partial<AuditEntry>;
      try {
        e = JSON.parse(line) as Partial<AuditEntry>;
      } catch {
        throw new UsageError(`${file} line ${i + 1} is not JSON: it is not an audit export (one entry per line).`);
      }
      if (typeof e.seq !== 'number' || typeof e.hash !== 'string' || typeof e.prevHash !== 'string' || typeof e.details !== 'object') {
        throw new UsageError(`${file} line ${i + 1} is not an audit entry (seq, at, actor, action, object, reason, details, prevHash, hash).`);
      }
      entries.push(e as AuditEntry);
    });
  return entries;
}

function verify(ctx: CommandContext): number {
  if (ctx.args.length) throw new UsageError('audit verify takes no argument.', 'Usage: mlops audit verify [--head HASH] [--from FILE] [--json]');
  const head = typeof ctx.values.head === 'string' ? ctx.values.head : undefined;
  const from = typeof ctx.values.from === 'string' ? path.resolve(ctx.cwd, ctx.values.from) : undefined;
  const v: AuditVerification = from ? verifyAuditEntries(readExport(from), { head }) : withStore(ctx, (store) => verifyAudit(store, { head }));
  if (ctx.json) ctx.out(JSON.stringify(v, null, 2));
  else if (v.ok) {
    const what = from ? path.relative(ctx.cwd, from) || from : 'The audit log';
    ctx.out(`${what} verifies: ${v.entries} ${v.entries === 1 ? 'entry' : 'entries'}, every hash recomputed; head ${v.head}.${head ? ` It still holds the head kept elsewhere (${head.slice(0, 12)}...).` : ''}`);
  } else ctx.out(`Audit log check failed at entry ${v.firstBad.seq} (${v.firstBad.problem}): ${v.message}`);
  return v.ok ? EXIT.ok : EXIT.checkFailed;
}

function exportLog(ctx: CommandContext): number {
  if (ctx.args.length) throw new UsageError('audit export takes no argument.', 'Usage: mlops audit export [--to FILE]');
  const to = typeof ctx.values.to === 'string' ? path.resolve(ctx.cwd, ctx.values.to) : undefined;
  if (to && fs.existsSync(to) && fs.statSync(to).isDirectory()) throw new UsageError(`--to ${ctx.values.to as string} is a folder: name a file, e.g. ${path.join(ctx.values.to as string, 'audit.jsonl')}.`);
  if (to && !fs.existsSync(path.dirname(to))) throw new UsageError(`--to: the folder ${path.dirname(to)} does not exist.`);
  return withStore(ctx, (store) => {
    if (!to) {
      for (const e of auditEntries(store)) ctx.out(auditJsonLine(e));
      return 0;
    }
    // A temp file beside the target, renamed once whole: a reader never sees half an export.
    const tmp = `${to}.${process.pid}.mlops-tmp`;
    let count = 0;
    let last = GENESIS_HASH;
    try {
      const fd = fs.openSync(tmp, 'w');
      try {
        for (const e of auditEntries(store)) {
          fs.writeSync(fd, auditJsonLine(e) + '\n');
          count++;
          last = e.hash;
        }
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, to);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    ctx.err(`Wrote ${count} audit ${count === 1 ? 'entry' : 'entries'} to ${path.relative(ctx.cwd, to) || to} (head ${last}). Check it with \`mlops audit verify --from ${path.relative(ctx.cwd, to) || to}\`.`);
    return 0;
  });
}

function head(ctx: CommandContext): number {
  if (ctx.args.length) throw new UsageError('audit head takes no argument.', 'Usage: mlops audit head [--json]');
  const h = withStore(ctx, (store) => auditHead(store));
  if (ctx.json) ctx.out(JSON.stringify({ seq: h?.seq ?? 0, hash: h?.hash ?? GENESIS_HASH }, null, 2));
  else ctx.out(h?.hash ?? GENESIS_HASH);
  return 0;
}

const verbs: Record<string, (ctx: CommandContext) => number> = { list, verify, export: exportLog, head };

export const auditCommand: Command = {
  name: 'audit',
  summary: 'the hash-chained log of every change to the store: list, verify, export, head',
  usage,
  examples: [
    'mlops audit --since 7d',
    'mlops audit --object churn --action model.alias-moved',
    'mlops audit verify',
    'mlops audit head > audit-head.txt  # keep it in a commit or a ticket',
    'mlops audit verify --head "$(cat audit-head.txt)"',
    'mlops audit export --to audit.jsonl && mlops audit verify --from audit.jsonl',
  ],
  options: {
    since: { type: 'string' },
    object: { type: 'string' },
    action: { type: 'string' },
    limit: { type: 'string' },
    head: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  optionHelp: {
    '--since WHEN': 'list: entries since a date (2026-12-01, 2026-12-01T09:00Z) or for a duration back (30m, 6h, 7d)',
    '--object REF': 'list: entries about a run id, a dataset or model and its versions (train matches train@3), or a monitor',
    '--action A': `list: one action (${auditActions.join(', ')})`,
    '--limit N': 'list: only the N most recent entries',
    '--head HASH': 'verify: also check the log still holds this head, printed earlier by `mlops audit head` and kept elsewhere',
    '--from FILE': 'verify: check a JSON Lines export instead of the store',
    '--to FILE': 'export: write JSON Lines to FILE (written whole, then renamed) instead of stdout',
  },
  run(ctx) {
    const [verb, ...args] = ctx.args;
    if (verb === undefined || verb === 'list') return list({ ...ctx, args: verb ? args : [] });
    const fn = verbs[verb];
    if (!fn) throw new UsageError(`Unknown "audit ${verb}".`, `Usage: ${usage}`);
    return fn({ ...ctx, args });
  },
};
