import * as vscode from 'vscode';
import type { ReproResult } from '../../core/pipelines/types';
import type { CommandInput } from '../commands/commandInput';
import { executeCommand, type CommandRegistry } from '../commands/registry';
import type { Log } from '../log';
import type { TreeRow } from '../views/treeProvider';
import type { WorkbenchState } from '../workbenchState';
import { DagPanel, type DagShown } from './dagPanel';
import { PipelineCodeLens } from './pipelineCodeLens';
import { PipelineRunner } from './pipelineRunner';
import { PipelineStates } from './pipelineStates';
import { PipelinesTree, type PipelineNode } from './pipelinesTree';
import { PipelineWatching } from './pipelineWatching';

/** What the extension's API hands tests about pipelines. */
export interface PipelinesApi {
  rows(): TreeRow[];
  /** Resolves at the Pipelines view's next redraw. */
  nextRedraw(): Promise<void>;
  /** Resolves once no status recompute is pending. */
  settled(): Promise<void>;
  dagShown(): DagShown | undefined;
}

/** What registerPipelines hands the extension: the tests' API, and the runner a monitor's Retrain goes through. */
export interface PipelinesSurface extends PipelinesApi {
  runner: PipelineRunner;
}

const asNode = (v: unknown): PipelineNode | undefined => {
  const n = v as Partial<PipelineNode> | undefined;
  return n && typeof n === 'object' && (n.kind === 'pipeline' || n.kind === 'stage') ? (n as PipelineNode) : undefined;
};

/**
 * The Pipelines view, Run Pipeline / Run Stage / Force Run Stage, Show DAG, Show Stage Run, the
 * CodeLens over each pipeline in mlops.json, and the watchers that turn a stage stale on save.
 */
export function registerPipelines(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): PipelinesSurface {
  const states = new PipelineStates(state, log);
  const tree = new PipelinesTree(state, log, states);
  const view = vscode.window.createTreeView<PipelineNode>('mlops.pipelines', { treeDataProvider: tree });
  const runner = new PipelineRunner(state, log, states, context.extensionPath);
  const lens = new PipelineCodeLens(states);
  context.subscriptions.push(
    states,
    tree,
    view,
    runner,
    lens,
    new PipelineWatching(state, states),
    vscode.languages.registerCodeLensProvider({ pattern: '**/mlops.json' }, lens),
  );

  const names = () => states.pipelines().map((p) => p.name);
  const pickPipeline = async (title: string): Promise<string | undefined> => {
    await states.settled();
    const all = states.pipelines();
    if (!all.length) {
      const open = await vscode.window.showInformationMessage('MLOps: mlops.json defines no pipeline yet.', 'Open mlops.json');
      if (open) await executeCommand('mlops.openConfig');
      return undefined;
    }
    if (all.length === 1) return all[0].name;
    const picked = await vscode.window.showQuickPick(
      all.map((p) => ({ label: p.name, description: p.error ? 'invalid' : `${p.stages.length} stages`, detail: p.description })),
      { title },
    );
    return picked?.label;
  };
  /** The pipeline a command is about: a tree row, a name passed by CodeLens or code, or the user's pick. */
  const pipelineOf = async (input: CommandInput, title: string): Promise<string | undefined> => {
    const node = asNode(input.target);
    if (node) return node.kind === 'pipeline' ? node.name : node.pipeline;
    if (typeof input.target === 'string') return input.target;
    return pickPipeline(title);
  };
  /** The stage a command is about: a stage row, (pipeline, stage) passed by code, or the user's picks. */
  const stageOf = async (input: CommandInput, title: string): Promise<{ pipeline: string; stage: string } | undefined> => {
    const node = asNode(input.target);
    if (node?.kind === 'stage') return { pipeline: node.pipeline, stage: node.stage };
    const [first, second] = input.args;
    if (typeof first === 'string' && typeof second === 'string') return { pipeline: first, stage: second };
    const pipeline = node?.kind === 'pipeline' ? node.name : typeof first === 'string' ? first : await pickPipeline(title);
    const stages = pipeline ? states.pipeline(pipeline)?.stages ?? [] : [];
    if (!pipeline || !stages.length) return undefined;
    const picked = await vscode.window.showQuickPick(
      stages.map((s) => ({ label: s.stage, description: s.state, detail: s.reasons.join('; ') || undefined })),
      { title: `${title} (${pipeline})` },
    );
    return picked && { pipeline, stage: picked.label };
  };

  const run = async (pipeline: string | undefined, stage?: string, force?: boolean): Promise<ReproResult | undefined> => {
    if (!pipeline) return undefined;
    if (!names().includes(pipeline) && !state.config.config.pipelines[pipeline]) throw new Error(`mlops.json has no pipeline "${pipeline}" (pipelines: ${names().join(', ') || 'none'}).`);
    return runner.run({ pipeline, stage, force });
  };
  commands.register('mlops.runPipeline', async (input) => run(await pipelineOf(input, 'Run which pipeline?')));
  commands.register('mlops.runStage', async (input) => {
    const s = await stageOf(input, 'Run which stage (and what it depends on)?');
    return s && run(s.pipeline, s.stage);
  });
  commands.register('mlops.forceRunStage', async (input) => {
    const s = await stageOf(input, 'Force-run which stage?');
    return s && run(s.pipeline, s.stage, true);
  });
  commands.register('mlops.cancelPipeline', async (input) => {
    const pipeline = await pipelineOf(input, 'Cancel which pipeline?');
    if (pipeline) runner.cancel(pipeline);
  });
  const reveal = async (pipeline: string, stage: string) => {
    await view.reveal({ kind: 'stage', pipeline, stage }, { select: true, focus: true });
  };
  commands.register('mlops.showPipelineDag', async (input) => {
    const pipeline = await pipelineOf(input, 'Show the graph of which pipeline?');
    if (!pipeline) return undefined;
    await states.settled();
    return DagPanel.show(context.extensionUri, state, log, states, pipeline, (stage) => reveal(pipeline, stage));
  });
  commands.register('mlops.showStageRun', async (input) => {
    const s = await stageOf(input, 'Show the run of which stage?');
    const runId = s && states.pipeline(s.pipeline)?.stages.find((x) => x.stage === s.stage)?.runId;
    if (!s) return undefined;
    if (!runId) {
      void vscode.window.showInformationMessage(`MLOps: stage ${s.stage} of ${s.pipeline} has no run yet: run the pipeline first.`);
      return undefined;
    }
    return executeCommand('mlops.showMetrics', runId);
  });

  commands.register('mlops.showPipelinesDoc', () =>
    vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'docs', 'pipelines.md')),
  );

  return {
    runner,
    rows: () => tree.rows(),
    nextRedraw: () =>
      new Promise<void>((resolve) => {
        const once = tree.onDidChangeTreeData(() => {
          once.dispose();
          resolve();
        });
      }),
    settled: () => states.settled(),
    dagShown: () => DagPanel.shown(),
  };
}
