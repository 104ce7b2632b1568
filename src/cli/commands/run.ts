import * as path from 'node:path';
import { DEFAULT_CURRENCY, formatCost, resolvePrices } from '../../core/cost/prices';
import { launchRun, type RunHandle } from '../../core/tracking/launcher';
import { parseParamOverrides, substituteParams, ParamError } from '../../core/tracking/params';
import { runDetails, runJson } from '../../core/tracking/runDetails';
import { findSdkDir } from '../../core/tracking/sdkDir';
import { shellQuote } from '../../core/tracking/shellQuote';
import { formatDuration } from '../../shared/format';
import { UsageError, type Command, type CommandContext } from '../command';
import { openWorkspace } from '../workspaceStore';
import type { LaunchSpec } from '../../core/tracking/launcher';


/** The launch spec of `mlops run NAME` or `mlops run -- COMMAND`, validated. */
export function runSpecFromArgs(ctx: CommandContext, ws: ReturnType<typeof openWorkspace>): Omit<LaunchSpec, 'store' | 'workspaceRoot' | 'sdkDir'> {
  const overrides = (() => {
    try {
      return parseParamOverrides((ctx.values.param as string[] | undefined) ?? []);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  })();
  const name = typeof ctx.values.name === 'string' ? ctx.values.name : undefined;
  if (ctx.rest.length) {
    if (ctx.args.length) throw new UsageError('Give either a run name from mlops.json or `-- COMMAND`, not both.', 'Usage: mlops run NAME | mlops run -- COMMAND ARGS...');
    const experiment = typeof ctx.values.experiment === 'string' ? ctx.values.experiment : 'adhoc';
    return { config: ws.loaded.config, command: ctx.rest.map(shellQuote).join(' '), experiment, name, params: overrides, prices: resolvePrices(ws.loaded.config) };
  }
  const runName = ctx.args[0];
  if (!runName || ctx.args.length > 1) throw new UsageError('Name one run from mlops.json, or give a command after `--`.', 'Usage: mlops run NAME [--param k=v]... | mlops run -- COMMAND ARGS...');
  const run = ws.loaded.config.runs[runName];
  if (!run) {
    const known = Object.keys(ws.loaded.config.runs);
    throw new UsageError(`No run "${runName}" in ${ws.loaded.file}.${known.length ? ` Runs: ${known.join(', ')}.` : ' Add one under "runs".'}`);
  }
  const params = { ...(run.params ?? {}), ...overrides };
  let command: string;
  try {
    command = substituteParams(run.command, params);
  } catch (err) {
    if (err instanceof ParamError) throw new UsageError(err.message);
    throw err;
  }
  return { config: ws.loaded.config, command, experiment: runName, name, params, cwd: run.cwd, inputs: run.inputs, outputs: run.outputs, registers: run.registers, env: run.env, prices: resolvePrices(ws.loaded.config, { run: runName }) };
}

/** Forwards Ctrl+C and termination to the run (whose tree is then ended) instead of dying first. */
export function stopOnSignals(stop: () => void): () => void {
  const onSignal = () => stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  };
}

export const runCommand: Command = {
  name: 'run',
  summary: 'launch a tracked run: a run named in mlops.json, or any command after --',
  usage: 'mlops run NAME [--param k=v]... [--name N] | mlops run [--experiment E] -- COMMAND ARGS...',
  examples: ['mlops run train', 'mlops run train --param lr=0.01 --param epochs=50 --name lr-small', 'mlops run -- python3 train.py --lr 0.1', 'mlops run --json train > run.json'],
  options: {
    param: { type: 'string', multiple: true, short: 'p' },
    name: { type: 'string' },
    experiment: { type: 'string' },
  },
  optionHelp: {
    '--param k=v, -p': 'override a param of the run config (repeatable); numbers and true/false keep their type',
    '--name N': 'a readable name for the run (default: a generated one like brisk-otter-42)',
    '--experiment E': 'experiment of an ad-hoc run (default: adhoc)',
  },
  async run(ctx) {
    const ws = openWorkspace(ctx);
    const spec = runSpecFromArgs(ctx, ws);
    const out = ctx.json ? process.stderr : process.stdout;
    let handle: RunHandle;
    try {
      handle = launchRun({
        ...spec,
        store: ws.store,
        workspaceRoot: ws.root,
        sdkDir: findSdkDir(__dirname),
        colors: !!process.stdout.isTTY,
        onOutput: (data, stream) => (stream === 'stdout' ? out : process.stderr).write(data),
        onProblem: (p) => ctx.err(`[mlops] events.jsonl line ${p.line}: ${p.message} (skipped)`),
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    ctx.err(`mlops: run ${handle.name} (${handle.runId}) started: ${spec.command}`);
    const release = stopOnSignals(() => handle.stop());
    const outcome = await handle.done.finally(release);
    const details = runDetails(ws.store, outcome.runId)!;
    ctx.err(
      `mlops: run ${handle.name} ${outcome.status} in ${formatDuration(details.durationMs ?? 0)} (exit code ${outcome.exitCode ?? 'none'}); ` +
        (details.cost !== undefined ? `cost ${formatCost({ amount: details.cost, currency: details.currency ?? DEFAULT_CURRENCY })}; ` : '') +
        `output: ${path.relative(ctx.cwd, path.join(handle.folder, 'output.log')) || handle.folder}`,
    );
    if (ctx.json) ctx.out(JSON.stringify(runJson(details), null, 2));
    ws.store.close();
    return outcome.exitCode ?? 1;
  },
};
