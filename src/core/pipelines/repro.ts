// `mlops repro` (and Run Pipeline in VS Code): brings a pipeline's stages up to date in dependency
// order, up to `jobs` at once. Each stage is up to date, restored from the run cache, or run as an
// ordinary tracked run (reproStage.ts). A failed stage stops only what depends on it; cancel stops
// every running stage and puts its outs back. Each stage records its state as it completes, so a
// repro killed outright is resumed by the next one.
import { currentActor } from '../audit/actor';
import type { MlopsConfig } from '../config/types';
import type { Store } from '../store/store';
import type { RunHandle } from '../tracking/launcher';
import { newRunId } from '../tracking/runId';
import { buildPipelineGraph, selectStages } from './graph';
import { pipelineStatus } from './pipelineStatus';
import { finishPipelineRun, insertPipelineRun, outcomeCounts, putStageRun } from './pipelineRuns';
import { reasonText } from './reasonText';
import { putBackAbandoned } from './outs';
import { reconcilePipelineRuns } from './reproReconcile';
import { reproStage, type StageContext, type StageResult } from './reproStage';
import type { PipelineGraph, ReproEvent, ReproResult, StageOutcome, StageSpec, StageStatus, StaleReason } from './types';

export interface ReproOptions {
  workspaceRoot: string;
  store: Store;
  config: MlopsConfig;
  pipeline: string;
  /** Only this stage and the stages it depends on. */
  stage?: string;
  /** Run every selected stage, even up to date or cached. */
  force?: boolean;
  /** Say what would run, be restored or stay; write nothing (no pipeline run is recorded). */
  dryRun?: boolean;
  /** Stages run at once, at most (default 1). */
  jobs?: number;
  sdkDir: string;
  colors?: boolean;
  offThreadBytes?: number;
  /** Extra env and tags for every stage run (a monitor's retrain pins a batch this way). */
  env?: Record<string, string>;
  tags?: Record<string, string>;
  onEvent?: (e: ReproEvent) => void;
}

export interface ReproHandle {
  /** The pipeline run's id; a dry run's is not recorded anywhere. */
  pipelineRunId: string;
  /** Stops every running stage (their outs put back); stages not started are not run. */
  cancel(): void;
  done: Promise<ReproResult>;
}

const succeeded = (o: StageOutcome) => o === 'ran' || o === 'restored' || o === 'up-to-date';

/**
 * Starts a repro. An unknown pipeline or stage and an invalid graph throw a PipelineError here,
 * before anything is recorded; everything after is reported through `done` and the events.
 */
export function startRepro(opts: ReproOptions): ReproHandle {
  const { store, workspaceRoot } = opts;
  reconcilePipelineRuns(store);
  const graph = buildPipelineGraph(workspaceRoot, opts.config, opts.pipeline);
  const stages = selectStages(graph, opts.stage);
  const pipelineRunId = newRunId();
  const abort = new AbortController();
  if (opts.dryRun) return { pipelineRunId, cancel: () => abort.abort(), done: dryRun(opts, pipelineRunId, stages) };
  insertPipelineRun(store, { id: pipelineRunId, pipeline: opts.pipeline, targetStage: opts.stage, forced: !!opts.force, startedAt: Date.now(), author: currentActor(workspaceRoot) });
  const running = new Set<RunHandle>();
  const done = execute(opts, graph, stages, pipelineRunId, abort.signal, running);
  return {
    pipelineRunId,
    cancel() {
      if (abort.signal.aborted) return;
      abort.abort();
      for (const h of running) h.stop();
    },
    done,
  };
}

async function execute(opts: ReproOptions, graph: PipelineGraph, stages: StageSpec[], pipelineRunId: string, signal: AbortSignal, running: Set<RunHandle>): Promise<ReproResult> {
  const { store } = opts;
  const emit = (e: ReproEvent) => {
    try {
      opts.onEvent?.(e);
    } catch {
      // A listener's failure (a closed panel) must not stop the pipeline.
    }
  };
  const results = new Map<string, StageResult>();
  try {
    // A stage a killed repro left half-done gets its outs back as they were before it started.
    for (const put of await putBackAbandoned(store, opts.workspaceRoot)) emit({ type: 'outs-put-back', ...put });
    // Why each stage would run, said once up front ("param lr changed", "upstream stage prepare will run").
    const status = opts.force ? undefined : await pipelineStatus(store, opts.workspaceRoot, opts.config, opts.pipeline, { stage: opts.stage, signal });
    const statusOf = new Map((status?.stages ?? []).map((s) => [s.stage, s]));
    const ctx: StageContext = {
      ...opts,
      force: !!opts.force,
      pipelineRunId,
      signal,
      emit,
      onRunning: () => undefined,
    };
    const upstream = new Map(stages.map((s) => [s.name, [...new Set(graph.edges.filter((e) => e.to === s.name).map((e) => e.from))]]));
    const pending = [...stages];
    const inFlight = new Map<string, Promise<void>>();
    const jobs = Math.max(1, Math.floor(opts.jobs ?? 1));
    const settle = (spec: StageSpec, r: StageResult) => results.set(spec.name, r);
    for (;;) {
      for (let i = 0; i < pending.length; ) {
        const spec = pending[i];
        const ups = upstream.get(spec.name) ?? [];
        const blocked = ups.find((u) => results.has(u) && !succeeded(results.get(u)!.outcome));
        if (blocked || signal.aborted) {
          pending.splice(i, 1);
          settle(spec, notRun(opts, pipelineRunId, spec, blocked ? blockedBy(blocked, results.get(blocked)!) : 'the repro was stopped', emit));
          continue;
        }
        if (inFlight.size < jobs && ups.every((u) => results.has(u))) {
          pending.splice(i, 1);
          inFlight.set(spec.name, startStage(ctx, spec, statusOf.get(spec.name), running, store).then((r) => {
            settle(spec, r);
            inFlight.delete(spec.name);
          }));
          continue;
        }
        i++;
      }
      if (!inFlight.size) break;
      await Promise.race(inFlight.values());
    }
  } catch (err) {
    // The store or the status failed (not a stage): the pipeline run is recorded as failed, and the error surfaces.
    finish(opts, pipelineRunId, stages, results, signal);
    throw err;
  }
  return finish(opts, pipelineRunId, stages, results, signal);
}

function startStage(ctx: StageContext, spec: StageSpec, status: StageStatus | undefined, running: Set<RunHandle>, store: Store): Promise<StageResult> {
  // Up to date in the status taken up front: so is everything it depends on, so nothing re-hashes it.
  if (status?.state === 'up-to-date' && status.key) {
    const r: StageResult = { outcome: 'up-to-date', runId: status.lastRunId, reason: 'up to date', savedCost: status.lastCost };
    const now = Date.now();
    putStageRun(store, { pipelineRunId: ctx.pipelineRunId, stage: spec.name, outcome: r.outcome, runId: r.runId, key: status.key, reason: r.reason, startedAt: now, endedAt: now, savedCost: r.savedCost });
    ctx.emit({ type: 'stage-end', stage: spec.name, outcome: r.outcome, runId: r.runId, savedCost: r.savedCost, message: r.reason });
    return Promise.resolve(r);
  }
  const why: StaleReason[] = ctx.force ? [{ kind: 'forced' }] : (status?.reasons ?? []);
  const whyText = why.map(reasonText).join('; ');
  let current: RunHandle | undefined;
  return reproStage({ ...ctx, onRunning: (h) => (h ? running.add((current = h)) : current && running.delete(current)) }, spec, why, whyText);
}

/** Why a stage does not run: the upstream stage that failed or was stopped, named through any stage between. */
function blockedBy(upstream: string, r: StageResult): string {
  if (r.outcome === 'not-run' && r.reason.startsWith('upstream stage ')) return r.reason;
  return `upstream stage ${upstream} ${r.outcome === 'killed' ? 'was stopped' : r.outcome === 'not-run' ? 'did not run' : 'failed'}`;
}

function notRun(opts: ReproOptions, pipelineRunId: string, spec: StageSpec, reason: string, emit: (e: ReproEvent) => void): StageResult {
  putStageRun(opts.store, { pipelineRunId, stage: spec.name, outcome: 'not-run', reason });
  emit({ type: 'stage-end', stage: spec.name, outcome: 'not-run', message: reason });
  return { outcome: 'not-run', reason };
}

/** Sum of the numbers given; undefined when none is known (no price applied). */
function sum(values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? known.reduce((a, b) => a + b, 0) : undefined;
}

function finish(opts: ReproOptions, pipelineRunId: string, stages: StageSpec[], results: Map<string, StageResult>, signal: AbortSignal): ReproResult {
  const list = stages.map((s) => ({ stage: s.name, ...(results.get(s.name) ?? { outcome: 'not-run' as const, reason: 'the repro ended before it' }) }));
  const status: ReproResult['status'] = signal.aborted ? 'killed' : list.every((s) => succeeded(s.outcome)) ? 'finished' : 'failed';
  const cost = sum(list.filter((s) => s.outcome !== 'up-to-date' && s.outcome !== 'restored').map((s) => s.cost));
  const savedCost = sum(list.map((s) => s.savedCost));
  finishPipelineRun(opts.store, pipelineRunId, { status, endedAt: Date.now(), cost, savedCost, stages: outcomeCounts(list) });
  return { pipelineRunId, status, stages: list.map((s) => ({ stage: s.stage, outcome: s.outcome, runId: s.runId, reason: s.reason, cost: s.cost, savedCost: s.savedCost })), cost, savedCost };
}

/** What a repro would do, from the status alone: nothing is run, restored or recorded. */
async function dryRun(opts: ReproOptions, pipelineRunId: string, stages: StageSpec[]): Promise<ReproResult> {
  const status = await pipelineStatus(opts.store, opts.workspaceRoot, opts.config, opts.pipeline, { stage: opts.stage });
  const byStage = new Map(status.stages.map((s) => [s.stage, s]));
  const planned = stages.map((spec) => {
    const s = byStage.get(spec.name);
    if (opts.force) return { stage: spec.name, outcome: 'ran' as const, reason: reasonText({ kind: 'forced' }) };
    if (s?.state === 'up-to-date') return { stage: spec.name, outcome: 'up-to-date' as const, runId: s.lastRunId, reason: 'up to date', savedCost: s.lastCost };
    if (s?.state === 'cached') return { stage: spec.name, outcome: 'restored' as const, reason: 'would be restored from the run cache' };
    return { stage: spec.name, outcome: 'ran' as const, reason: (s?.reasons ?? []).map(reasonText).join('; ') };
  });
  for (const p of planned) opts.onEvent?.({ type: 'stage-end', stage: p.stage, outcome: p.outcome, runId: p.runId, savedCost: p.savedCost, message: p.reason });
  return { pipelineRunId, status: 'finished', dryRun: true, stages: planned, savedCost: sum(planned.map((p) => p.savedCost)) };
}
