import { DEFAULT_CURRENCY } from '../../core/cost/prices';
import { PipelineError, type ReproEvent, type ReproResult } from '../../core/pipelines/types';
import { ReproBusyError } from '../../core/pipelines/pipelineRuns';
import { putBackText, reasonText } from '../../core/pipelines/reasonText';
import { startRepro, type ReproHandle } from '../../core/pipelines/repro';
import { findSdkDir } from '../../core/tracking/sdkDir';
import { getRun } from '../../core/tracking/runRecords';
import type { Store } from '../../core/store/store';
import { formatCost } from '../../shared/costFormat';
import { formatDuration } from '../../shared/format';
import { UsageError, type Command } from '../command';
import { openWorkspace } from '../workspaceStore';
import { stopOnSignals } from './run';
import { pipelineName } from '../pipelineArg';

/** 128 + SIGINT: what a shell reports for a command stopped with Ctrl+C. */
const EXIT_INTERRUPTED = 130;

const money = (amount: number | undefined, currency: string) => (amount === undefined ? '' : formatCost({ amount, currency }));

function jobsOption(v: string | undefined): number {
  if (v === undefined) return 1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs must be a whole number of at least 1, got "${v}".`);
  return n;
}

/** One line as a stage ends: "train  ran  12.3 s  $0.01", "prepare  restored from the run cache (saved $0.01)". */
function stageLine(store: Store, e: Extract<ReproEvent, { type: 'stage-end' }>, width: number, currency: string, dryRun: boolean): string {
  const name = e.stage.padEnd(width);
  const saved = e.savedCost ? ` (saved ${money(e.savedCost, currency)})` : '';
  switch (e.outcome) {
    case 'ran': {
      if (dryRun) return `${name}  would run: ${e.message}`;
      const run = e.runId ? getRun(store, e.runId) : undefined;
      const ms = run?.startedAt !== undefined && run.endedAt !== undefined ? run.endedAt - run.startedAt : undefined;
      return [`${name}  ran`, ms === undefined ? '' : formatDuration(ms), money(e.cost, run?.currency ?? currency)].filter(Boolean).join('  ');
    }
    case 'restored':
      return `${name}  ${dryRun ? 'would be restored' : 'restored'} from the run cache${saved}`;
    case 'up-to-date':
      return `${name}  up to date${saved}`;
    case 'failed':
      return `${name}  failed: ${e.message}`;
    case 'killed':
      return `${name}  stopped: ${e.message}`;
    case 'not-run':
      return `${name}  not run: ${e.message}`;
  }
}

function summaryLine(pipeline: string, r: ReproResult, ms: number, currency: string): string {
  const counts = new Map<string, number>();
  for (const s of r.stages) counts.set(s.outcome, (counts.get(s.outcome) ?? 0) + 1);
  const words: Record<string, string> = r.dryRun
    ? { ran: 'would run', restored: 'would be restored', 'up-to-date': 'up to date' }
    : { ran: 'ran', restored: 'restored', 'up-to-date': 'up to date', failed: 'failed', killed: 'stopped', 'not-run': 'not run' };
  const parts = Object.entries(words).flatMap(([k, w]) => (counts.get(k) ? [`${counts.get(k)} ${w}`] : []));
  const money_ = [r.cost !== undefined ? `cost ${money(r.cost, currency)}` : '', r.savedCost ? `saved ${money(r.savedCost, currency)}` : ''].filter(Boolean).join(', ');
  const verdict = r.dryRun ? 'dry run' : r.status === 'killed' ? 'stopped' : r.status;
  return `pipeline ${pipeline} ${verdict}: ${parts.join(', ') || 'no stages'}${r.dryRun ? '' : ` in ${formatDuration(ms)}`}${money_ ? `; ${money_}` : ''}`;
}

/** Stage output with each line prefixed by its stage, for --jobs above 1 (whole lines only, per stage and stream). */
function prefixedWriter(write: (stream: 'stdout' | 'stderr', text: string) => void) {
  const partial = new Map<string, string>();
  return {
    data(stage: string, stream: 'stdout' | 'stderr', data: Buffer) {
      const k = `${stage}\0${stream}`;
      const lines = ((partial.get(k) ?? '') + data.toString('utf8')).split('\n');
      partial.set(k, lines.pop()!);
      for (const l of lines) write(stream, `${stage} | ${l}\n`);
    },
    flush(stage: string) {
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = partial.get(`${stage}\0${stream}`);
        if (rest) write(stream, `${stage} | ${rest}\n`);
        partial.delete(`${stage}\0${stream}`);
      }
    },
  };
}

export const reproCommand: Command = {
  name: 'repro',
  summary: 'bring a pipeline up to date: run the stages whose inputs changed, restore cached ones, skip the rest',
  usage: 'mlops repro [NAME] [--stage S] [--force] [--dry-run] [--jobs N]',
  examples: ['mlops repro', 'mlops repro churn --stage train', 'mlops repro churn --dry-run', 'mlops repro churn --jobs 4', 'mlops repro churn --force --json > repro.json'],
  options: {
    stage: { type: 'string' },
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    jobs: { type: 'string', short: 'j' },
  },
  optionHelp: {
    'NAME': 'the pipeline in mlops.json (optional when there is only one)',
    '--stage S': 'only stage S and the stages it depends on',
    '--force': 'run every selected stage, even when up to date or in the run cache',
    '--dry-run': 'say what would run, be restored or stay up to date, and why; run and record nothing',
    '--jobs N, -j': 'independent stages run at once (default 1); their output lines are prefixed with the stage',
  },
  async run(ctx) {
    const ws = openWorkspace(ctx);
    const config = ws.loaded.config;
    const pipeline = pipelineName(ctx, Object.keys(config.pipelines), 'mlops repro [NAME] [--stage S] [--force] [--dry-run] [--jobs N]');
    const jobs = jobsOption(typeof ctx.values.jobs === 'string' ? ctx.values.jobs : undefined);
    const dryRun = ctx.values['dry-run'] === true;
    const out = (text: string) => (ctx.json ? process.stderr : process.stdout).write(text);
    const stageNames = Object.keys(config.pipelines[pipeline]?.stages ?? {});
    const width = Math.max(0, ...stageNames.map((s) => s.length));
    const currency = config.pipelines[pipeline]?.cost?.currency ?? config.cost?.currency ?? DEFAULT_CURRENCY;
    const prefixed = prefixedWriter((stream, text) => (stream === 'stdout' ? out(text) : process.stderr.write(text)));
    const started = Date.now();
    let handle: ReproHandle;
    try {
      handle = startRepro({
        workspaceRoot: ws.root,
        store: ws.store,
        config,
        pipeline,
        stage: typeof ctx.values.stage === 'string' ? ctx.values.stage : undefined,
        force: ctx.values.force === true,
        dryRun,
        jobs,
        sdkDir: findSdkDir(__dirname),
        colors: jobs === 1 && !!process.stdout.isTTY,
        onEvent: (e) => {
          if (e.type === 'stage-output') {
            if (jobs > 1) prefixed.data(e.stage, e.stream, e.data);
            else if (e.stream === 'stdout') out(e.data.toString('utf8'));
            else process.stderr.write(e.data);
          } else if (e.type === 'stage-start') {
            ctx.err(`mlops: ${e.stage} started (run ${e.runId})${e.reasons.length ? `: ${e.reasons.map(reasonText).join('; ')}` : ''}`);
          } else if (e.type === 'outs-put-back') {
            ctx.err(`mlops: ${putBackText(e)}`);
          } else {
            prefixed.flush(e.stage);
            out(stageLine(ws.store, e, width, currency, dryRun) + '\n');
          }
        },
      });
    } catch (err) {
      // Another repro of it is running: not bad input, but this one could not run.
      if (err instanceof ReproBusyError) {
        ctx.err(`mlops repro: ${err.message}`);
        ws.store.close();
        return 1;
      }
      if (err instanceof PipelineError) throw new UsageError(err.message);
      throw err;
    }
    const release = stopOnSignals(() => handle.cancel());
    const result = await handle.done.finally(release);
    out(summaryLine(pipeline, result, Date.now() - started, currency) + '\n');
    if (ctx.json) ctx.out(JSON.stringify(result, null, 2));
    ws.store.close();
    return result.status === 'finished' ? 0 : result.status === 'killed' ? EXIT_INTERRUPTED : 1;
  },
};
