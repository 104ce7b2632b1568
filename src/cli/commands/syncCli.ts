// What `mlops push` and `mlops pull` share: the arguments, progress on stderr, Ctrl+C through an
// AbortSignal (exit 130 after saying what completed), and the exit code of each failure.
import { RemoteAccessError, RemoteConfigError, type TransferProgress } from '../../core/remote/types';
import { SyncCancelledError, type PullReport, type PushReport, type SyncOptions, type SyncProgress } from '../../core/team/syncTypes';
import { TeamUnavailableError } from '../../core/team/teamErrors';
import { TeamAccessError, TeamConfigError, TeamConflictError } from '../../core/team/types';
import { EXIT, UsageError, type CommandContext, type OptionSpec } from '../command';
import { openWorkspace } from '../workspaceStore';
import { formatBytes } from './data';
import { kindNames } from '../../core/team/syncWords';
import { syncFailed } from './syncSummary';

/** 128 + SIGINT, as a shell reports a command Ctrl+C stopped. */
export const EXIT_INTERRUPTED = 130;

export const syncOptions: OptionSpec = { remote: { type: 'string' }, jobs: { type: 'string' } };
export const syncOptionHelp: Record<string, string> = {
  '--remote NAME': 'the remote in mlops.json\'s "remotes" (default: the default remote, or team.remote)',
  '--jobs N': 'transfers at once (default: the remote\'s "jobs", else 8)',
};

function jobsOption(ctx: CommandContext): number | undefined {
  const raw = ctx.values.jobs;
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--jobs ${String(raw)}: give a whole number from 1 to 256.`);
  return n;
}

function phaseText(verb: 'push' | 'pull', p: SyncProgress): string {
  if (p.part === 'records') return `${verb === 'push' ? 'pushing' : 'pulling'} records: ${kindNames[p.kind][1]} ${p.done}/${p.total}`;
  const t: TransferProgress = p.progress;
  const objects = t.total === 1 ? 'object' : 'objects';
  if (t.phase === 'checking') return `checking ${t.total} ${objects} on ${p.remote}`;
  return `${t.phase} ${t.done}/${t.total} ${objects} (${formatBytes(t.bytesDone)} of ${formatBytes(t.bytesTotal)}) ${t.phase === 'uploading' ? 'to' : 'from'} ${p.remote}`;
}

/**
 * Progress on stderr: a single line redrawn in place on a terminal; otherwise (a CI log, a pipe) one
 * line when a phase starts, so a log shows where a sync was without thousands of lines.
 */
function stderrProgress(verb: 'push' | 'pull', json: boolean) {
  const tty = process.stderr.isTTY === true;
  let phase = '';
  let drawn = false;
  return {
    onProgress(p: SyncProgress): void {
      if (p.part === 'records' && p.total === 0) return; // a kind with nothing to send
      const key = p.part === 'objects' ? `objects:${p.progress.phase}` : `records:${p.kind}`;
      if (tty && !json) {
        process.stderr.write(`\r\x1b[K${phaseText(verb, p)}`);
        drawn = true;
      } else if (key !== phase) process.stderr.write(`${phaseText(verb, p)}\n`);
      phase = key;
    },
    clear(): void {
      if (drawn) process.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/** Known failures: exit 2 for what the user must fix in mlops.json or the arguments, 1 for a refused or failed sync. */
function failureCode(err: unknown): number | undefined {
  if (err instanceof TeamConfigError || err instanceof RemoteConfigError) return EXIT.usage;
  if (err instanceof TeamAccessError || err instanceof TeamConflictError || err instanceof RemoteAccessError) return EXIT.checkFailed;
  if (err instanceof TeamUnavailableError) return EXIT.checkFailed;
  return undefined;
}

function failureText(err: Error): string {
  if (err instanceof TeamAccessError && !err.message.includes(err.needed)) return `${err.message} (this needs the ${err.needed} role: ask a team admin for \`mlops team grant USER ${err.needed.replace('mlops_', '')}\`)`;
  return err.message;
}

/** Prints a known team or remote failure with its exit code; anything else is a bug and rethrown. */
export function reportFailure(ctx: CommandContext, what: string, err: unknown): number {
  const code = failureCode(err);
  if (code === undefined) throw err;
  ctx.err(`mlops ${what}: ${failureText(err as Error)}`);
  return code;
}

/** Runs a push or pull with progress and Ctrl+C, prints the report, returns the exit code. */
export async function runSync<R extends PushReport | PullReport>(
  ctx: CommandContext,
  verb: 'push' | 'pull',
  sync: (store: ReturnType<typeof openWorkspace>['store'], root: string, config: ReturnType<typeof openWorkspace>['loaded']['config'], opts: SyncOptions) => Promise<R>,
  summary: (r: R) => string[],
): Promise<number> {
  const jobs = jobsOption(ctx);
  const { root, store, loaded } = openWorkspace(ctx);
  const controller = new AbortController();
  const onSigint = () => controller.abort(Object.assign(new Error('cancelled (Ctrl+C)'), { name: 'AbortError' }));
  process.once('SIGINT', onSigint);
  const progress = stderrProgress(verb, ctx.json);
  try {
    const report = await sync(store, root, loaded.config, { refs: ctx.args.length ? ctx.args : undefined, remote: ctx.values.remote as string | undefined, jobs, signal: controller.signal, onProgress: (p) => progress.onProgress(p) });
    progress.clear();
    if (ctx.json) ctx.out(JSON.stringify(report, null, 2));
    else for (const line of summary(report)) ctx.out(line);
    return syncFailed(report) ? EXIT.checkFailed : EXIT.ok;
  } catch (err) {
    progress.clear();
    if (err instanceof SyncCancelledError) {
      ctx.err(`mlops ${verb}: ${err.message}. Nothing is half-written; run mlops ${verb} again to finish.`);
      return EXIT_INTERRUPTED;
    }
    return reportFailure(ctx, verb, err);
  } finally {
    process.removeListener('SIGINT', onSigint);
    store.close();
  }
}
