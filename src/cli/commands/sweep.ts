import { formatNumber } from '../../shared/format';
import { substituteParams } from '../../core/tracking/params';
import { expandSweep, SweepError } from '../../core/tracking/sweep';
import { resolvePrices } from '../../core/cost/prices';
import { SweepRunner } from '../../core/tracking/sweepRunner';
import { findSdkDir } from '../../core/tracking/sdkDir';
import { metricSummaries } from '../../core/tracking/metricRecords';
import { getRun } from '../../core/tracking/runRecords';
import { UsageError, type Command } from '../command';
import { openWorkspace } from '../workspaceStore';
import { stopOnSignals } from './run';
import { table } from '../table';

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'run every param set of a run\'s "sweep" (grid, or random samples with a seed), N at a time',
  usage: 'mlops sweep NAME [--parallel N]',
  examples: ['mlops sweep train', 'mlops sweep train --parallel 2 --json'],
  options: { parallel: { type: 'string' } },
  optionHelp: { '--parallel N': 'runs at once (default: the sweep\'s "parallel", else 1)' },
  async run(ctx) {
    if (ctx.args.length !== 1) throw new UsageError('Name one run from mlops.json.', `Usage: ${this.usage}`);
    const ws = openWorkspace(ctx);
    const name = ctx.args[0];
    const run = ws.loaded.config.runs[name];
    if (!run) throw new UsageError(`No run "${name}" in ${ws.loaded.file}.`);
    const parallel = ctx.values.parallel !== undefined ? Number(ctx.values.parallel) : (run.sweep?.parallel ?? 1);
    if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError(`--parallel must be a whole number of at least 1, got "${String(ctx.values.parallel)}".`);
    let sets;
    try {
      sets = expandSweep(run);
    } catch (err) {
      if (err instanceof SweepError) throw new UsageError(err.message);
      throw err;
    }
    const members = sets.map((params) => {
      try {
        return { params, command: substituteParams(run.command, params) };
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    });
    const runner = new SweepRunner(
      {
        store: ws.store,
        workspaceRoot: ws.root,
        config: ws.loaded.config,
        experiment: name,
        cwd: run.cwd,
        inputs: run.inputs,
        outputs: run.outputs,
        env: run.env,
        prices: resolvePrices(ws.loaded.config, { run: name }),
        sdkDir: findSdkDir(__dirname),
        // Interleaved output of parallel runs would be unreadable: each run's output stays in its log.
        onOutput: parallel === 1 ? (data) => (ctx.json ? process.stderr : process.stdout).write(data) : undefined,
      },
      members,
      parallel,
      (h) => ctx.err(`mlops: sweep ${runner.sweepId}: started ${h.name} (${h.runId})`),
    );
    ctx.err(`mlops: sweep ${runner.sweepId}: ${members.length} runs queued, ${parallel} at a time`);
    const release = stopOnSignals(() => runner.cancel());
    const outcomes = await runner.run().finally(release);
    const primary = run.primaryMetric;
    const rows = outcomes.map((o) => {
      const r = getRun(ws.store, o.runId)!;
      const m = primary ? metricSummaries(ws.store, o.runId)[primary] : undefined;
      return { id: o.runId, name: r.name, status: o.status, exitCode: o.exitCode, params: r.params, primary: m?.last };
    });
    if (ctx.json) ctx.out(JSON.stringify({ sweepId: runner.sweepId, runs: rows }, null, 2));
    else
      ctx.out(
        table(
          ['NAME', 'STATUS', ...(primary ? [primary] : []), 'PARAMS'],
          rows.map((r) => [r.name, r.status, ...(primary ? [r.primary === undefined ? '—' : formatNumber(r.primary)] : []), Object.entries(r.params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')]),
        ),
      );
    ws.store.close();
    return outcomes.every((o) => o.status === 'finished') ? 0 : 1;
  },
};
