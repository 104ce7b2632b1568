// The Retrain button when a monitor's retrain names a pipeline: the pipeline runner's repro (the
// one Run Pipeline uses: terminal, cancellable progress, the Pipelines view and DAG panel following
// it, one repro per pipeline), with what core's retrainRepro adds for the check (the same env, tags
// and batch pins as `mlops monitor check --retrain`).
import { retrainRepro } from '../../core/monitors/pipelineRetrain';
import type { Log } from '../log';
import type { PipelineRunner } from '../pipelines/pipelineRunner';
import type { WorkbenchState } from '../workbenchState';

/** Starts the repro and returns its pipeline run id; undefined when the pipeline is already running (the runner says so). */
export function retrainWithPipeline(state: WorkbenchState, log: Log, runner: PipelineRunner, pipeline: string, checkId: number): string | undefined {
  const root = state.root;
  if (!root) throw new Error('Open a folder first: pipelines run in its workspace.');
  const retrain = retrainRepro(state.openStore(), root, state.config.config, pipeline, checkId);
  const started = runner.start({ pipeline, ...retrain });
  if (!started) return undefined;
  log.info(`Retrain for check ${checkId}: pipeline ${pipeline} started (pipeline run ${started.pipelineRunId})`);
  // The runner has said the outcome; a repro that threw midway is logged here, as Run Pipeline's would be by its command.
  started.done.catch((err: unknown) => log.error(`Retrain pipeline ${pipeline} failed`, err));
  return started.pipelineRunId;
}
