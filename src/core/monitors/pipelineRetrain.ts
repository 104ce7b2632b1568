// Retraining with a pipeline: `mlops repro PIPE` as the user would run it, with the check's env and
// tags on every stage run, and the checked batch pinned among the inputs of the stage runs that read
// it. The pipeline re-runs only what changed: a new batch in a folder a stage reads makes that stage
// and what depends on it run; a pipeline that does not read the monitored data stays up to date.
// The CLI (`monitor check --retrain`) starts it here; the editor hands retrainRepro's options to its
// pipeline runner, so both decide env, tags and pins in this one place.
import type { MlopsConfig } from '../config/types';
import type { DatasetVersion } from '../data/datasetVersions';
import { buildPipelineGraph } from '../pipelines/graph';
import { startRepro, type ReproHandle, type ReproOptions } from '../pipelines/repro';
import { pathWithin } from '../pipelines/resolveStage';
import type { PipelineGraph, ReproEvent } from '../pipelines/types';
import type { Store } from '../store/store';
import { MonitorError } from './monitorReference';
import { pinBatch, retrainContext, retrainTags } from './retrain';

export type PipelineRetrainSpec = Pick<ReproOptions, 'sdkDir' | 'colors' | 'onEvent' | 'jobs'>;

/** What a repro started by a check adds to a plain repro of the pipeline. */
export interface RetrainRepro {
  env: Record<string, string>;
  tags: Record<string, string>;
  /** Give it every event of the repro: it pins the batch on the runs of the stages that read it. */
  onEvent: (e: ReproEvent) => void;
  /** "check 3 of mbatches:mbatches/b1.csv@1", for what the user reads. */
  because: string;
}

/**
 * The stages whose runs get the batch pinned: those that read it (a dep naming its dataset, or a
 * path holding the batch file). When none does, the stages with no upstream stage, where data enters
 * the pipeline, so the run that started from the check still names its batch.
 */
export function stagesReadingBatch(graph: PipelineGraph, batch: DatasetVersion): string[] {
  const reading = graph.stages.filter((s) => s.deps.includes(batch.dataset) || s.depPaths.some((d) => pathWithin(batch.item, d)));
  if (reading.length) return reading.map((s) => s.name);
  const downstream = new Set(graph.edges.map((e) => e.to));
  return graph.stages.filter((s) => !downstream.has(s.name)).map((s) => s.name);
}

/** The env, tags and batch pinning of a retrain of `pipeline` for check `checkId`; throws a MonitorError for an unknown pipeline or check. */
export function retrainRepro(store: Store, workspaceRoot: string, config: MlopsConfig, pipeline: string, checkId: number): RetrainRepro {
  if (!config.pipelines[pipeline]) throw new MonitorError(`No pipeline "${pipeline}" in mlops.json to retrain with (pipelines: ${Object.keys(config.pipelines).join(', ') || 'none'}).`);
  const { check, batch, env } = retrainContext(store, checkId);
  const pinned = new Set(batch ? stagesReadingBatch(buildPipelineGraph(workspaceRoot, config, pipeline), batch) : []);
  return {
    env,
    tags: retrainTags(check),
    because: `check ${check.id} of ${check.batchLabel}`,
    onEvent: (e) => {
      // Once the stage's run has ended (the launcher has recorded what it read, a folder's files
      // unlinked), also when it failed; a restored or up-to-date stage's run is an older one.
      const executed = e.type === 'stage-end' && e.runId && (e.outcome === 'ran' || e.outcome === 'failed' || e.outcome === 'killed');
      if (batch && executed && pinned.has(e.stage)) pinBatch(store, e.runId!, batch);
    },
  };
}

export function startPipelineRetrain(store: Store, workspaceRoot: string, config: MlopsConfig, pipeline: string, checkId: number, spec: PipelineRetrainSpec): ReproHandle {
  const { env, tags, onEvent } = retrainRepro(store, workspaceRoot, config, pipeline, checkId);
  return startRepro({
    ...spec,
    store,
    workspaceRoot,
    config,
    pipeline,
    env,
    tags,
    onEvent: (e) => {
      onEvent(e);
      spec.onEvent?.(e);
    },
  });
}
