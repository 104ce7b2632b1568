// `mlops monitor check [NAME] | history NAME | watch`: drift monitors from a terminal, for cron, CI and
// servers without VS Code. check compares every batch not yet checked with the monitor's reference;
// watch versions new files of the monitored datasets and checks them as they land.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatProblem } from '../../core/config/loadConfig';
import type { MlopsConfig } from '../../core/config/types';
import { DatasetError } from '../../core/data/datasetItems';
import { DatasetWatcher } from '../../core/data/datasetWatcher';
import { datasetCsvOptions } from '../../core/data/readers/datasetReadOptions';
import { TableReadError } from '../../core/data/readers/types';
import { DriftInputError } from '../../core/drift/compare';
import { checkMonitor, type CheckedBatch, type MonitorRun } from '../../core/monitors/checkMonitor';
import { listChecks } from '../../core/monitors/checkRecords';
import { engineCompare } from '../../core/monitors/engineCompare';
import { MonitorError, resolveMonitorReference } from '../../core/monitors/monitorReference';
import { monitorStoreProblems } from '../../core/monitors/referenceColumns';
import { startPipelineRetrain } from '../../core/monitors/pipelineRetrain';
import { launchRetrain, retrainTarget } from '../../core/monitors/retrain';
import { outcomeCounts } from '../../core/pipelines/pipelineRuns';
import { putBackText } from '../../core/pipelines/reasonText';
import { PipelineError } from '../../core/pipelines/types';
import { profileForVersion } from '../../core/quality/profileStore';
import { ParamError } from '../../core/tracking/params';
import { findSdkDir } from '../../core/tracking/sdkDir';
import { UsageError, type Command, type CommandContext } from '../command';
import { formatTime } from '../time';
import { openWorkspace, type OpenWorkspace } from '../workspaceStore';
import { checkFails, checkJson, historyTable, monitorJunit, renderChecked, runJson } from './monitorReport';
import { terminalProgress } from './profile';
import { stopOnSignals } from './run';

function monitorNames(config: MlopsConfig, name: string | undefined): string[] {
  const all = Object.keys(config.monitors);
  if (name === undefined) {
    if (!all.length) throw new UsageError('No monitors in mlops.json.', 'Add one under "monitors", e.g. "prod": { "reference": "train", "current": "incoming" }.');
    return all;
  }
  if (!config.monitors[name]) throw new UsageError(`No monitor "${name}" in mlops.json${all.length ? ` (monitors: ${all.join(', ')})` : ''}.`);
  return [name];
}

/**
 * Pins each monitor's reference and profiles it once (kept in the store), so that columns mlops.json
 * names and the reference lacks are refused at their line before any batch is compared.
 */
async function prepareReferences(ws: OpenWorkspace, names: string[]): Promise<Set<string>> {
  const pinned = new Set<string>();
  for (const name of names) {
    const m = ws.loaded.config.monitors[name];
    const ref = resolveMonitorReference(ws.store, name, m);
    if (ref.pinnedNow) pinned.add(name);
    await profileForVersion(ws.store, ref.version, { csv: datasetCsvOptions(ws.loaded.config.datasets[ref.version.dataset]) });
  }
  const problems = monitorStoreProblems(ws.store, ws.loaded).filter((p) => names.some((n) => p.path.startsWith(`/monitors/${n}/`)));
  if (problems.length) {
    throw new UsageError(`${ws.loaded.file} has problems:\n${problems.map((p) => '  ' + formatProblem(ws.loaded.file, p)).join('\n')}`, 'Fix them, then check again.');
  }
  return pinned;
}

async function checkAll(ctx: CommandContext, ws: OpenWorkspace, names: string[], signal?: AbortSignal): Promise<MonitorRun[]> {
  const pinned = await prepareReferences(ws, names);
  const runs: MonitorRun[] = [];
  // One progress line per batch.
  let bar: { item: string; show?: (f: number) => void } | undefined;
  const progress = (item: string, f: number) => {
    if (bar?.item !== item) bar = { item, show: terminalProgress(`checking ${item}`) };
    bar.show?.(f);
  };
  for (const name of names) {
    const run = await checkMonitor(ws.store, ws.root, ws.loaded.config, name, {
        compare: engineCompare(ws.store),
        // The CLI runs what mlops.json says, as `mlops run` does: the user chose to run it here.
        trusted: true,
        signal,
        onProgress: ctx.json ? undefined : (batch, f) => progress(batch.item, f),
        onChecked: (b) => {
          if (!ctx.json) ctx.out(renderChecked(b));
        },
      });
    runs.push(pinned.has(name) ? { ...run, reference: { ...run.reference, pinnedNow: true } } : run);
  }
  return runs;
}

/** A retrain naming a pipeline: `mlops repro PIPE` with the check's env and tags, its stages reported on stderr as they end. */
async function retrainPipeline(ctx: CommandContext, ws: OpenWorkspace, b: CheckedBatch, pipeline: string, checkId: number): Promise<void> {
  const handle = startPipelineRetrain(ws.store, ws.root, ws.loaded.config, pipeline, checkId, {
    sdkDir: findSdkDir(__dirname),
    onEvent: (e) => {
      if (e.type === 'stage-output') process.stderr.write(e.data);
      else if (e.type === 'outs-put-back') ctx.err(`mlops: retrain pipeline ${pipeline}: ${putBackText(e)}`);
      else if (e.type === 'stage-end') ctx.err(`mlops: retrain pipeline ${pipeline}: ${e.stage} ${e.outcome}${e.message && e.outcome !== 'ran' ? `: ${e.message}` : ''}`);
    },
  });
  ctx.err(`mlops: retrain pipeline ${pipeline} (pipeline run ${handle.pipelineRunId}) started for check ${checkId}, with ${b.check.batchLabel} pinned as an input of the stages that read it`);
  const release = stopOnSignals(() => handle.cancel());
  const result = await handle.done.finally(release);
  const counts = Object.entries(outcomeCounts(result.stages)).map(([o, n]) => `${n} ${o}`);
  ctx.err(`mlops: retrain pipeline ${pipeline} ${result.status} (${counts.join(', ') || 'no stages'})`);
}

/** Launches the runs and pipelines the checks' retrain actions requested, one after another, and waits for each. */
async function retrain(ctx: CommandContext, ws: OpenWorkspace, checked: CheckedBatch[]): Promise<void> {
  for (const b of checked) {
    for (const a of b.actions) {
      if (a.kind !== 'retrain') continue;
      if (retrainTarget(ws.loaded.config, a.run) === 'pipeline') {
        await retrainPipeline(ctx, ws, b, a.run, a.checkId);
        continue;
      }
      const handle = launchRetrain(ws.store, ws.root, ws.loaded.config, a.run, a.checkId, {
        sdkDir: findSdkDir(__dirname),
        onOutput: (data) => process.stderr.write(data),
      });
      ctx.err(`mlops: retrain run ${handle.name} (${handle.runId}) started for check ${a.checkId}, with ${b.check.batchLabel} pinned as an input`);
      const release = stopOnSignals(() => handle.stop());
      const outcome = await handle.done.finally(release);
      ctx.err(`mlops: retrain run ${handle.name} ${outcome.status} (exit code ${outcome.exitCode ?? 'none'})`);
    }
  }
}

async function check(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 1) throw new UsageError('Name at most one monitor; without one, every monitor is checked.', 'Usage: mlops monitor check [NAME] [--json] [--junit FILE] [--fail-on-drift] [--retrain]');
  const ws = openWorkspace(ctx);
  try {
    const names = monitorNames(ws.loaded.config, ctx.args[0]);
    const runs = await checkAll(ctx, ws, names);
    const checked = runs.flatMap((r) => r.checked);
    if (ctx.json) ctx.out(JSON.stringify(runJson(runs), null, 2));
    else if (!checked.length) ctx.err(`No new batches to check (${runs.map((r) => `${r.monitor} vs ${r.reference.label}`).join(', ')}).`);
    const junit = ctx.values.junit as string | undefined;
    if (junit) {
      const file = path.resolve(ctx.cwd, junit);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, monitorJunit(runs));
    }
    if (ctx.values.retrain === true) await retrain(ctx, ws, checked);
    else {
      for (const a of checked.flatMap((b) => b.actions)) {
        if (a.kind === 'retrain') ctx.err(`retrain of ${retrainTarget(ws.loaded.config, a.run) ?? 'run'} "${a.run}" requested by check ${a.checkId}: not launched (pass --retrain to launch it with the batch pinned)`);
      }
    }
    const failed = checked.some((b) => b.check.outcome === 'failed');
    const failing = ctx.values['fail-on-drift'] === true && checked.some((b) => checkFails(b.check));
    return failed || failing ? 1 : 0;
  } finally {
    ws.store.close();
  }
}

function history(ctx: CommandContext): number {
  if (ctx.args.length !== 1) throw new UsageError('Name one monitor.', 'Usage: mlops monitor history NAME [--json] [--limit N]');
  const ws = openWorkspace(ctx);
  try {
    const [name] = monitorNames(ws.loaded.config, ctx.args[0]);
    const limit = ctx.values.limit === undefined ? 100 : Number(ctx.values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit ${String(ctx.values.limit)}: give a whole number of checks, 1 or more.`);
    const checks = listChecks(ws.store, name, limit);
    if (ctx.json) ctx.out(JSON.stringify(checks.map(checkJson), null, 2));
    else if (!checks.length) ctx.err(`Monitor ${name} has no checks yet: \`mlops monitor check ${name}\` checks its batches.`);
    else ctx.out(historyTable(checks));
    return 0;
  } finally {
    ws.store.close();
  }
}

/** The monitors a new version of `dataset` concerns: those that check it. */
const monitorsOf = (config: MlopsConfig, dataset: string) => Object.keys(config.monitors).filter((n) => config.monitors[n].current === dataset);

async function watch(ctx: CommandContext): Promise<number> {
  if (ctx.args.length) throw new UsageError('monitor watch takes no argument: it watches every monitor.', 'Usage: mlops monitor watch [--retrain]');
  const ws = openWorkspace(ctx);
  const names = monitorNames(ws.loaded.config, undefined);
  const stop = new AbortController();
  // One check at a time, in the order batches arrive; a failure is reported and watching goes on.
  let checking: Promise<void> = Promise.resolve();
  const queue = (which: string[]) => {
    checking = checking
      .then(async () => {
        const runs = await checkAll({ ...ctx, json: false }, ws, which, stop.signal);
        if (ctx.values.retrain === true) await retrain(ctx, ws, runs.flatMap((r) => r.checked));
      })
      .catch((err: unknown) => {
        if (!stop.signal.aborted) ctx.err(`${formatTime(Date.now())}  check failed: ${err instanceof Error ? err.message : String(err)}`);
      });
  };
  const watched = new Set(names.map((n) => ws.loaded.config.monitors[n].current));
  const watcher = new DatasetWatcher(ws.store, ws.root, { ...ws.loaded.config, datasets: Object.fromEntries(Object.entries(ws.loaded.config.datasets).filter(([d]) => watched.has(d))) }, {
    catchUp: true,
    onVersioned: (r) => {
      const created = r.items.filter((i) => i.state === 'created' && i.version);
      for (const i of created) ctx.out(`${formatTime(Date.now())}  ${r.dataset}  ${i.item}  version ${i.version!.version}`);
      if (created.length) queue(monitorsOf(ws.loaded.config, r.dataset));
    },
    onError: (_d, message) => ctx.err(message),
  });
  const release = stopOnSignals(() => stop.abort());
  try {
    // Batches versioned while nothing watched are checked first.
    queue(names);
    const started = await watcher.start();
    if (!started.length) throw new UsageError('None of the monitored datasets can be watched.', 'Check their paths in mlops.json (and "watch" is not false).');
    ctx.err(`Watching ${started.join(', ')} for monitors ${names.join(', ')}. Press Ctrl+C to stop.`);
    await new Promise<void>((resolve) => (stop.signal.aborted ? resolve() : stop.signal.addEventListener('abort', () => resolve())));
  } finally {
    release();
    stop.abort();
    await watcher.close();
    await checking;
    ws.store.close();
  }
  return 0;
}

const verbs: Record<string, (ctx: CommandContext) => number | Promise<number>> = { check, history, watch };

/** Input errors of the monitor, its reference, its batches or its options: exit 2 with the message. */
async function withErrors(fn: () => number | Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof MonitorError || err instanceof DriftInputError || err instanceof TableReadError || err instanceof ParamError || err instanceof DatasetError || err instanceof PipelineError) throw new UsageError(err.message);
    throw err;
  }
}

export const monitorCommand: Command = {
  name: 'monitor',
  summary: 'drift monitors: check new batches against the reference, history, watch',
  usage: 'mlops monitor check [NAME] [--json] [--junit FILE] [--fail-on-drift] [--retrain] | history NAME [--json] [--limit N] | watch [--retrain]',
  examples: ['mlops monitor check', 'mlops monitor check prod --fail-on-drift --junit reports/drift.xml', 'mlops monitor history prod --json', 'mlops monitor watch'],
  options: { junit: { type: 'string' }, 'fail-on-drift': { type: 'boolean' }, retrain: { type: 'boolean' }, limit: { type: 'string' } },
  optionHelp: {
    '--junit FILE': 'check: also write JUnit XML (a test case per batch) for CI',
    '--fail-on-drift': 'check: exit 1 when a batch drifted or failed an expectation (a batch that cannot be checked always exits 1)',
    '--retrain': "check, watch: launch the runs (or reproduce the pipelines) the monitors' retrain actions request, with the batch pinned as an input",
    '--limit N': 'history: the newest N checks (default 100)',
  },
  run(ctx) {
    const [verb, ...args] = ctx.args;
    const fn = verb ? verbs[verb] : undefined;
    if (!fn) throw new UsageError(verb ? `Unknown "monitor ${verb}".` : 'Say what to do: check, history or watch.', `Usage: ${this.usage}`);
    return withErrors(() => fn({ ...ctx, args }));
  },
};

