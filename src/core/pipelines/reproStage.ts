// One stage of a repro: up to date, restored from the run cache, or run as a tracked run whose outs
// are put back as they were when it fails or is stopped. repro.ts decides when each stage starts.
import type { MlopsConfig } from '../config/types';
import type { Store } from '../store/store';
import { launchRun, type RunHandle } from '../tracking/launcher';
import { insertMetrics } from '../tracking/metricRecords';
import { addArtifact, getRun, setTags } from '../tracking/runRecords';
import { configuredRegistration, registerRunModels } from '../tracking/runRegistrations';
import { linkStageRun, putStageRun } from './pipelineRuns';
import { outsMatch, restoreOuts, saveOutsForRollback, storeOuts } from './outs';
import { promoteStageModel } from './promote';
import { lastCost, lookupCache, recordExecution } from './runCache';
import { hashDeps, stageKey } from './stageKey';
import { readStageMetrics } from './stageMetrics';
import { processStartTime } from './stageProcess';
import { getStageState } from './stageState';
import type { PathHash, ReproEvent, StageOutcome, StageSpec, StaleReason } from './types';

/** What the repro passes each stage: the shared options and this pipeline run. */
export interface StageContext {
  workspaceRoot: string;
  store: Store;
  config: MlopsConfig;
  pipelineRunId: string;
  force: boolean;
  sdkDir: string;
  colors?: boolean;
  offThreadBytes?: number;
  env?: Record<string, string>;
  tags?: Record<string, string>;
  signal: AbortSignal;
  /** Set while the stage's run is running, so cancel() can stop it. */
  onRunning(handle: RunHandle | undefined): void;
  emit(e: ReproEvent): void;
}

export interface StageResult {
  outcome: StageOutcome;
  runId?: string;
  reason: string;
  /** Executed stages: the run's cost. */
  cost?: number;
  /** Up to date or restored: the cost of the execution it stands for. */
  savedCost?: number;
}

/** Brings one stage up to date. Never throws: a failure is the stage's outcome, with the message. */
export async function reproStage(ctx: StageContext, spec: StageSpec, why: StaleReason[], whyText: string): Promise<StageResult> {
  const { store, workspaceRoot, pipelineRunId } = ctx;
  const startedAt = Date.now();
  const record = (r: StageResult, key?: string): StageResult => {
    putStageRun(store, { pipelineRunId, stage: spec.name, outcome: r.outcome, runId: r.runId, key, reason: r.reason, startedAt, endedAt: Date.now(), savedCost: r.savedCost });
    ctx.emit({ type: 'stage-end', stage: spec.name, outcome: r.outcome, runId: r.runId, cost: r.cost, savedCost: r.savedCost, message: r.reason });
    return r;
  };
  let key: string | undefined;
  try {
    const hashed = await hashDeps(store, workspaceRoot, spec, { signal: ctx.signal });
    if (hashed.missing.length) return record({ outcome: 'failed', reason: `dependency ${hashed.missing.join(', ')} does not exist` });
    key = stageKey(spec, hashed.deps);
    if (!ctx.force) {
      const state = getStageState(store, spec.pipeline, spec.name);
      if (state?.key === key && (await outsMatch(store, workspaceRoot, state.outs, { signal: ctx.signal })).length === 0) {
        return record({ outcome: 'up-to-date', runId: state.runId, reason: 'up to date', savedCost: lastCost(store, state) }, key);
      }
      const cached = lookupCache(store, workspaceRoot, key);
      if (cached) {
        await restoreOuts(store, workspaceRoot, cached.outs, { signal: ctx.signal });
        recordExecution(store, cached, spec, hashed.deps);
        return record({ outcome: 'restored', runId: cached.runId, reason: 'restored from the run cache', savedCost: cached.cost }, key);
      }
    }
    if (ctx.signal.aborted) return record({ outcome: 'not-run', reason: 'the repro was stopped' }, key);
    return await runStage(ctx, spec, key, hashed.deps, why, whyText, record);
  } catch (err) {
    if (ctx.signal.aborted) return record({ outcome: 'not-run', reason: 'the repro was stopped' }, key);
    return record({ outcome: 'failed', reason: (err as Error).message }, key);
  }
}

async function runStage(
  ctx: StageContext,
  spec: StageSpec,
  key: string,
  deps: PathHash[],
  why: StaleReason[],
  whyText: string,
  record: (r: StageResult, key?: string) => StageResult,
): Promise<StageResult> {
  const rollback = await saveOutsForRollback(ctx.store, ctx.workspaceRoot, spec, { signal: ctx.signal, pipelineRunId: ctx.pipelineRunId });
  // However the stage ends (outs committed or put back), its saved outs are no longer held from gc.
  try {
    const { store, workspaceRoot, pipelineRunId } = ctx;
    // Cancelled while the outs were being saved: nothing started, nothing changed on disk.
    if (ctx.signal.aborted) return record({ outcome: 'not-run', reason: 'the repro was stopped' }, key);
    const startedAt = Date.now();
    let handle: RunHandle;
    try {
      handle = launchRun({
        workspaceRoot,
        store,
        config: ctx.config,
        command: spec.command,
        cwd: spec.cwd,
        experiment: spec.pipeline,
        name: `${spec.pipeline}/${spec.name}`,
        params: spec.params,
        // Dataset names stay names, so the run links the dataset versions it read.
        inputs: spec.deps,
        // Outs are stored below (storeOuts, folders too) and their files recorded as the run's artifacts then.
        // `registers` is done here after the metrics file is logged, so the version carries its metrics.
        env: { ...spec.env, ...ctx.env },
        prices: spec.prices,
        sdkDir: ctx.sdkDir,
        colors: ctx.colors,
        offThreadBytes: ctx.offThreadBytes,
        onOutput: (data, stream, runId) => ctx.emit({ type: 'stage-output', stage: spec.name, runId, data, stream }),
      });
    } catch (err) {
      await rollback.restore();
      throw err;
    }
    const runId = handle.runId;
    store.transaction(() => {
      linkStageRun(store, runId, pipelineRunId, spec.name);
      if (ctx.tags) setTags(store, runId, ctx.tags);
      // Its process, so a repro started after this one is killed finds it still running (stageProcess.ts).
      const pid = handle.pid;
      putStageRun(store, { pipelineRunId, stage: spec.name, outcome: 'running', runId, key, reason: whyText, startedAt, pid, pidStart: pid === undefined ? undefined : processStartTime(pid) });
    });
    ctx.onRunning(handle);
    ctx.emit({ type: 'stage-start', stage: spec.name, runId, reasons: why });
    const outcome = await handle.done.finally(() => ctx.onRunning(undefined));
    const cost = getRun(store, runId)?.cost;
    if (outcome.status !== 'finished') {
      await rollback.restore();
      const killed = outcome.status === 'killed';
      const reason = killed ? 'stopped; its outs were put back as they were' : `exit code ${outcome.exitCode ?? 'none'}; its outs were put back as they were`;
      return record({ outcome: killed ? 'killed' : 'failed', runId, reason, cost }, key);
    }
    try {
      const metrics = spec.metrics ? readStageMetrics(workspaceRoot, spec.metrics) : {};
      const at = Date.now();
      store.transaction(() =>
        insertMetrics(
          store,
          runId,
          Object.entries(metrics).map(([k, value]) => ({ key: k, step: 0, value, timestamp: at })),
        ),
      );
      const outs = await storeOuts(store, workspaceRoot, spec);
      const run = getRun(store, runId);
      store.transaction(() => {
        for (const o of outs) if (o.kind === 'file') addArtifact(store, runId, { path: o.path, hash: o.hash, size: o.size });
        recordExecution(store, { key, pipeline: spec.pipeline, stage: spec.name, runId, outs, metrics, cpuSeconds: run?.cpuSeconds, cost: run?.cost, durationMs: Date.now() - startedAt }, spec, deps);
      });
      const registration = configuredRegistration(spec.registers, spec.outs);
      if (registration) {
        await registerRunModels(store, ctx.config, runId, [registration], (line) => ctx.emit({ type: 'stage-output', stage: spec.name, runId, data: Buffer.from(line), stream: 'stderr' }));
      }
    } catch (err) {
      await rollback.restore();
      return record({ outcome: 'failed', runId, reason: (err as Error).message, cost }, key);
    }
    if (spec.registers?.promote) {
      const p = await promoteStageModel(store, workspaceRoot, ctx.config, { runId, model: spec.registers.model, alias: spec.registers.promote, pipeline: spec.pipeline, stage: spec.name });
      if (!p.moved) return record({ outcome: 'failed', runId, reason: p.summary, cost }, key);
      ctx.emit({ type: 'stage-output', stage: spec.name, runId, data: Buffer.from(`[mlops] ${p.summary}\n`), stream: 'stderr' });
    }
    return record({ outcome: 'ran', runId, reason: whyText, cost }, key);
  } finally {
    rollback.release();
  }
}
