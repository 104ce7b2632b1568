// What a pipeline stage's run adds to lineage: the repro it was part of, and the runs of the
// upstream stages whose outs it read (in that same repro: the run that made those outs, also when
// the upstream stage was up to date or restored from the run cache and so did not run again).
import type { MlopsConfig } from '../config/types';
import { lexicalGraph } from '../pipelines/graph';
import { getPipelineRun, stageRuns, type PipelineRunRecord } from '../pipelines/pipelineRuns';
import type { Store } from '../store/store';
import type { RunRecord } from '../tracking/runRecords';
import type { LineageNode } from './types';

export interface StageLineage {
  pipelineRun: LineageNode;
  /** The upstream stages' runs, by the graph mlops.json declares now. */
  upstreamRunIds: string[];
}

export const pipelineRunNodeId = (id: string) => `pipeline-run:${id}`;

function pipelineRunNode(p: PipelineRunRecord): LineageNode {
  return {
    id: pipelineRunNodeId(p.id),
    kind: 'pipeline-run',
    label: `pipeline ${p.pipeline} run ${p.id} (${p.status})`,
    ref: null,
    details: { id: p.id, pipeline: p.pipeline, status: p.status, startedAt: p.startedAt, endedAt: p.endedAt ?? null },
  };
}

/** Undefined for a run that is not a stage's (or whose pipeline run is gone). */
export function stageLineage(store: Store, config: MlopsConfig, run: RunRecord): StageLineage | undefined {
  if (!run.pipelineRunId) return undefined;
  const p = getPipelineRun(store, run.pipelineRunId);
  if (!p) return undefined;
  const upstream = new Set(run.stage && config.pipelines[p.pipeline] ? lexicalGraph(config, p.pipeline).edges.filter((e) => e.to === run.stage).map((e) => e.from) : []);
  const upstreamRunIds = stageRuns(store, p.id)
    .filter((s) => upstream.has(s.stage) && s.runId && s.runId !== run.id)
    .map((s) => s.runId!);
  return { pipelineRun: pipelineRunNode(p), upstreamRunIds: [...new Set(upstreamRunIds)] };
}
