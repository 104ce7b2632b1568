// `mlops pipeline status [NAME] [--stage S] [--json]`: which stages would run and why, read from
// mlops.json, the workspace's files (stat cache first) and the store. Nothing runs; exit 0 whatever
// the states, since status is information (`mlops repro --dry-run` says the same as a plan).
import { pipelineStatus } from '../../core/pipelines/pipelineStatus';
import { reasonText } from '../../core/pipelines/reasonText';
import { reconcilePipelineRuns } from '../../core/pipelines/reproReconcile';
import type { PipelineStatus, StageStatus } from '../../core/pipelines/types';
import { UsageError, type Command } from '../command';
import { openWorkspace } from '../workspaceStore';

const stateWords: Record<StageStatus['state'], string> = {
  'up-to-date': 'up to date',
  stale: 'will run',
  cached: 'will be restored from the run cache',
  running: 'running',
  failed: 'failed',
  restored: 'restored',
};

/** "pipeline train" then one line per stage: "  prepare  will run: data/raw.csv modified". */
export function statusText(s: PipelineStatus): string {
  const width = Math.max(0, ...s.stages.map((x) => x.stage.length));
  const lines = s.stages.map((x) => {
    const reasons = x.reasons.map(reasonText).join('; ');
    return `  ${x.stage.padEnd(width)}  ${stateWords[x.state]}${reasons ? `: ${reasons}` : ''}`;
  });
  return [`pipeline ${s.pipeline}`, ...(lines.length ? lines : ['  (no stages)'])].join('\n');
}

export const pipelineStatusCommand: Command = {
  name: 'status',
  summary: 'which stages of a pipeline would run, and why (a param, a dependency, an out, a stage before it)',
  usage: 'mlops pipeline status [NAME] [--stage S] [--json]',
  examples: ['mlops pipeline status', 'mlops pipeline status train --stage evaluate', 'mlops pipeline status train --json'],
  options: { stage: { type: 'string' } },
  optionHelp: { '--stage S': 'only stage S and the stages it depends on (needs NAME)' },
  async run(ctx) {
    if (ctx.args.length > 1) throw new UsageError(`status: give at most one pipeline, not ${ctx.args.length}.`, `Usage: ${this.usage}`);
    const stage = typeof ctx.values.stage === 'string' ? ctx.values.stage : undefined;
    if (stage !== undefined && !ctx.args[0]) throw new UsageError('status: --stage needs the pipeline it belongs to.', 'Usage: mlops pipeline status NAME --stage S');
    const { root, store, loaded } = openWorkspace(ctx);
    try {
      reconcilePipelineRuns(store);
      const names = ctx.args[0] ? [ctx.args[0]] : Object.keys(loaded.config.pipelines).sort();
      const all: PipelineStatus[] = [];
      for (const name of names) all.push(await pipelineStatus(store, root, loaded.config, name, { stage }));
      if (ctx.json) ctx.out(JSON.stringify(all, null, 2));
      else ctx.out(all.length ? all.map(statusText).join('\n\n') : 'mlops.json declares no pipelines (add one under "pipelines"; see docs/pipelines.md).');
      return 0;
    } finally {
      store.close();
    }
  },
};
