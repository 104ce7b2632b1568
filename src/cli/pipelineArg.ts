// The pipeline a command acts on: the one named, or the only one in mlops.json.
import { UsageError, type CommandContext } from './command';

export function pipelineName(ctx: CommandContext, pipelines: string[], usage: string): string {
  if (ctx.args.length > 1) throw new UsageError('Name one pipeline.', `Usage: ${usage}`);
  if (ctx.args[0]) return ctx.args[0];
  if (pipelines.length === 1) return pipelines[0];
  if (!pipelines.length) throw new UsageError('mlops.json has no pipelines.', 'Add one under "pipelines" (see docs/pipelines.md).');
  throw new UsageError(`mlops.json has ${pipelines.length} pipelines: name one (${pipelines.join(', ')}).`);
}
