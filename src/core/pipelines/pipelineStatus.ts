// Which stages of a pipeline would run, and why: each stage's command, params, dependencies and
// outs against what its outs were last made from (stage_state), hashed through the stat cache.
import type { MlopsConfig, Scalar } from '../config/types';
import type { Store } from '../store/store';
import { buildPipelineGraph, selectStages } from './graph';
import { compareOuts } from './outs';
import { lastCost, lookupCache } from './runCache';
import { hashDeps, stageKey, type DepHashes, type HashOptions } from './stageKey';
import { getStageState, type StageStateRecord } from './stageState';
import type { PathHash, PipelineStatus, StageSpec, StageStatus, StaleReason } from './types';

/**
 * Each stage (or, with `stage`, it and what it depends on) in graph order. A stage is 'up-to-date'
 * when its key equals its state's and its outs are as recorded; else 'cached' when its key has a
 * restorable run-cache entry (what `mlops repro` would restore instead of running), else 'stale'.
 * A stage reading an out a cached stage will restore is judged by the restored out's hash (as repro
 * will find it); a stage after one that will run is stale too: its key waits on outs not yet made.
 */
export async function pipelineStatus(store: Store, workspaceRoot: string, config: MlopsConfig, name: string, opts: HashOptions & { stage?: string } = {}): Promise<PipelineStatus> {
  const graph = buildPipelineGraph(workspaceRoot, config, name);
  const stages = selectStages(graph, opts.stage);
  /** Stages that will run: what they write is not known yet. */
  const pending = new Set<string>();
  /** Stages the run cache will restore, and their outs by path. */
  const restored = new Set<string>();
  const restoring = new Map<string, PathHash>();
  const result: PipelineStatus = { pipeline: name, stages: [], bytesRead: 0 };
  for (const stage of stages) {
    opts.signal?.throwIfAborted();
    const state = getStageState(store, name, stage.name);
    const disk = await hashDeps(store, workspaceRoot, stage, opts);
    result.bytesRead += disk.bytesRead;
    const hashed = withRestored(stage, disk, restoring);
    // A dep that is exactly a restored out is known; one that only overlaps it (a folder) is not.
    const waitsOn = graph.edges.filter((e) => e.to === stage.name && (pending.has(e.from) || (restored.has(e.from) && !(restoring.has(e.via) && stage.depPaths.includes(e.via)))));
    const reasons = state ? changesSince(stage, state, hashed.deps, hashed.missing) : [{ kind: 'never-run' as const }, ...hashed.missing.map((p) => missingDep(p))];
    if (state) {
      const outs = await compareOuts(store, workspaceRoot, state.outs, opts);
      result.bytesRead += outs.bytesRead;
      reasons.push(...outs.changes.map((c): StaleReason => ({ kind: 'out', path: c.path, change: c.change })));
    }
    const upstream = [...new Set(waitsOn.map((e) => e.from))];
    reasons.push(...upstream.map((s): StaleReason => ({ kind: 'upstream', stage: s })));
    const key = hashed.missing.length || upstream.length ? undefined : stageKey(stage, hashed.deps);
    if (state && key && key !== state.key && !reasons.length) reasons.push({ kind: 'definition' });

    const status: StageStatus = { stage: stage.name, state: 'up-to-date', reasons, key, lastRunId: state?.runId, lastCost: state && lastCost(store, state) };
    if (reasons.length) {
      const cached = key ? lookupCache(store, workspaceRoot, key) : undefined;
      status.state = cached ? 'cached' : 'stale';
      if (cached) {
        restored.add(stage.name);
        for (const o of cached.outs) restoring.set(o.path, o);
      } else pending.add(stage.name);
    }
    result.stages.push(status);
  }
  return result;
}

/** The stage's deps as repro will find them: one a cached stage before it restores has the cached hash. */
function withRestored(stage: StageSpec, disk: DepHashes, restoring: Map<string, PathHash>): DepHashes {
  if (!stage.depPaths.some((p) => restoring.has(p))) return disk;
  const onDisk = new Map(disk.deps.map((d) => [d.path, d]));
  const result: DepHashes = { deps: [], missing: [], bytesRead: disk.bytesRead };
  for (const p of stage.depPaths) {
    const h = restoring.get(p) ?? onDisk.get(p);
    if (h) result.deps.push(h);
    else result.missing.push(p);
  }
  return result;
}

const missingDep = (path: string): StaleReason => ({ kind: 'dep', path, change: 'missing' });

/** What differs between the stage now and its recorded state (outs aside). */
function changesSince(stage: StageSpec, state: StageStateRecord, deps: PathHash[], missing: string[]): StaleReason[] {
  const reasons: StaleReason[] = [];
  if (stage.command !== state.command) reasons.push({ kind: 'command', was: state.command, now: stage.command });
  for (const name of [...new Set([...Object.keys(state.params), ...Object.keys(stage.params)])].sort()) {
    const was: Scalar | undefined = state.params[name];
    const now: Scalar | undefined = stage.params[name];
    if (was !== now) reasons.push({ kind: 'param', name, was, now });
  }
  const before = new Map(state.deps.map((d) => [d.path, d]));
  for (const d of deps) {
    const b = before.get(d.path);
    if (!b) reasons.push({ kind: 'dep', path: d.path, change: 'added' });
    else if (b.hash !== d.hash || b.kind !== d.kind) reasons.push({ kind: 'dep', path: d.path, change: 'modified' });
  }
  reasons.push(...missing.map(missingDep));
  const declared = new Set(stage.depPaths);
  for (const b of state.deps) if (!declared.has(b.path)) reasons.push({ kind: 'dep', path: b.path, change: 'removed' });
  return reasons;
}

