// Stages for the key, cache, outs and status tests, and an "execution" done the way repro records one.
import type { Store } from '../../../src/core/store/store';
import { recordExecution, type CacheEntry } from '../../../src/core/pipelines/runCache';
import { storeOuts } from '../../../src/core/pipelines/outs';
import { hashDeps, stageKey } from '../../../src/core/pipelines/stageKey';
import type { StageSpec } from '../../../src/core/pipelines/types';

export function stageSpec(over: Partial<StageSpec> = {}): StageSpec {
  return {
    pipeline: 'p',
    name: 'train',
    commandTemplate: 'python train.py',
    command: 'python train.py',
    cwd: '.',
    deps: ['data/train.csv'],
    depPaths: ['data/train.csv'],
    params: { lr: 0.1 },
    outs: ['model.pkl'],
    ...over,
  };
}

/** Records the stage as executed with its outs as they are on disk now (what repro does after exit 0). */
export async function recordAsRun(store: Store, root: string, stage: StageSpec, extra: Partial<CacheEntry> = {}): Promise<CacheEntry> {
  const { deps, missing } = await hashDeps(store, root, stage);
  if (missing.length) throw new Error(`missing deps ${missing.join(', ')}`);
  const outs = await storeOuts(store, root, stage);
  return recordExecution(store, { key: stageKey(stage, deps), pipeline: stage.pipeline, stage: stage.name, outs, metrics: {}, ...extra }, stage, deps);
}
