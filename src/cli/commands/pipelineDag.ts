// `mlops pipeline dag [NAME] [--format text|mermaid|dot]`: a pipeline's stages and what passes between
// them, read from mlops.json alone (nothing runs, the store is not opened).
import { buildPipelineGraph } from '../../core/pipelines/graph';
import { dagFormats, dagText, type DagFormat } from '../../core/pipelines/dagText';
import { UsageError, type Command } from '../command';
import { pipelineName } from '../pipelineArg';
import { readWorkspaceConfig } from '../workspaceStore';

export const pipelineDagCommand: Command = {
  name: 'dag',
  summary: "a pipeline's stages in the order they run, and the files each passes to the next",
  usage: 'mlops pipeline dag [NAME] [--format text|mermaid|dot] [--json]',
  examples: ['mlops pipeline dag train', 'mlops pipeline dag train --format mermaid', 'mlops pipeline dag train --format dot | dot -Tsvg > train.svg'],
  options: { format: { type: 'string' } },
  optionHelp: { '--format F': 'text (default), mermaid (a flowchart for Markdown) or dot (Graphviz)' },
  run(ctx) {
    const format = (ctx.values.format ?? 'text') as DagFormat;
    if (!dagFormats.includes(format)) throw new UsageError(`--format ${String(format)}: use ${dagFormats.join(', ')}.`, `Usage: ${this.usage}`);
    const root = ctx.workspace();
    const { config } = readWorkspaceConfig(root);
    const graph = buildPipelineGraph(root, config, pipelineName(ctx, Object.keys(config.pipelines), this.usage));
    if (ctx.json) {
      ctx.out(JSON.stringify({ pipeline: graph.name, stages: graph.stages, edges: graph.edges }, null, 2));
    } else ctx.out(dagText(graph, format));
    return 0;
  },
};
