// `mlops pipeline SUBCOMMAND ...`: pipelines declared in mlops.json. Each subcommand is a Command in
// its own pipeline*.ts file; adding one is an import and an entry in `subcommands`.
import { PipelineError } from '../../core/pipelines/types';
import { UsageError, type Command, type OptionSpec } from '../command';
import { pipelineDagCommand } from './pipelineDag';
import { pipelineStatusCommand } from './pipelineStatus';

const subcommands: Record<string, Command> = {
  dag: pipelineDagCommand,
  status: pipelineStatusCommand,
};

const all = Object.values(subcommands);

export const pipelineCommand: Command = {
  name: 'pipeline',
  summary: `pipelines of stages declared in mlops.json: ${Object.keys(subcommands).join(', ')}`,
  usage: all.map((c) => c.usage).join('\n       '),
  examples: all.flatMap((c) => c.examples),
  options: Object.assign({}, ...all.map((c) => c.options ?? {})) as OptionSpec,
  optionHelp: Object.assign({}, ...all.map((c) => c.optionHelp ?? {})) as Record<string, string>,
  async run(ctx) {
    const [name, ...args] = ctx.args;
    const sub = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
    if (!sub) throw new UsageError(name ? `Unknown "pipeline ${name}".` : 'Say what to do: mlops pipeline SUBCOMMAND.', `Usage: ${this.usage}`);
    try {
      return await sub.run({ ...ctx, args });
    } catch (err) {
      // A pipeline mlops.json cannot make valid (unknown name, cycle, two writers) is bad input: exit 2 with its fix.
      if (err instanceof PipelineError) throw new UsageError(err.message);
      throw err;
    }
  },
};
