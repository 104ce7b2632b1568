// Retraining from a check: the run config launched as `mlops run NAME` would, with the checked
// batch's dataset version pinned among its inputs and a tag naming the check, so lineage leads from
// the alert to the new run and from the run back to the data that triggered it.
import type { MlopsConfig } from '../config/types';
import { resolvePrices } from '../cost/prices';
import { getVersion, type DatasetVersion } from '../data/datasetVersions';
import { launchRun, type LaunchSpec, type RunHandle } from '../tracking/launcher';
import { substituteParams } from '../tracking/params';
import { setTags } from '../tracking/runRecords';
import type { Store } from '../store/store';
import { getCheck, type CheckRecord } from './checkRecords';
import { MonitorError } from './monitorReference';

export const DRIFT_CHECK_TAG = 'mlops.drift_check';

export type RetrainSpec = Pick<LaunchSpec, 'sdkDir' | 'colors' | 'onOutput' | 'onProblem' | 'onChange'>;

export function launchRetrain(store: Store, workspaceRoot: string, config: MlopsConfig, runName: string, checkId: number, spec: RetrainSpec): RunHandle {
  const run = config.runs[runName];
  if (!run) throw new MonitorError(`No run "${runName}" in mlops.json to retrain with (runs: ${Object.keys(config.runs).join(', ') || 'none'}).`);
  const { check, batch, env } = retrainContext(store, checkId);
  const params = run.params ?? {};
  const handle = launchRun({
    ...spec,
    store,
    workspaceRoot,
    config,
    command: substituteParams(run.command, params),
    experiment: runName,
    params,
    cwd: run.cwd,
    inputs: run.inputs,
    outputs: run.outputs,
    registers: run.registers,
    env: { ...run.env, ...env },
    prices: resolvePrices(config, { run: runName }),
  });
  store.transaction(() => {
    setTags(store, handle.runId, retrainTags(check));
    if (batch) pinBatch(store, handle.runId, batch);
  });
  return handle;
}

/** A run config or a pipeline: a name in both is the run config (mlops.json's problems flag it). */
export function retrainTarget(config: MlopsConfig, name: string): 'run' | 'pipeline' | undefined {
  return name in config.runs ? 'run' : name in config.pipelines ? 'pipeline' : undefined;
}

/** The check, its batch, and the env a retrain's runs get: they can find the batch that triggered them (its bytes are the pinned version). */
export function retrainContext(store: Store, checkId: number): { check: CheckRecord; batch: DatasetVersion | undefined; env: Record<string, string> } {
  const check = getCheck(store, checkId);
  if (!check) throw new MonitorError(`No drift check ${checkId}.`);
  const batch = getVersion(store, check.batchVersionId);
  const env = { MLOPS_DRIFT_CHECK_ID: String(checkId), ...(batch ? { MLOPS_BATCH: batch.item, MLOPS_BATCH_VERSION: String(batch.version) } : {}) };
  return { check, batch, env };
}

/** The tags that lead from a retrain's run back to the check (and the alert) that asked for it. */
export const retrainTags = (check: CheckRecord): Record<string, string> => ({ [DRIFT_CHECK_TAG]: String(check.id), 'mlops.monitor': check.monitor });

/** Records the batch's dataset version among the run's inputs, so lineage leads from the batch to the run. */
export function pinBatch(store: Store, runId: string, batch: DatasetVersion): void {
  store.db.prepare('INSERT OR REPLACE INTO run_inputs (run_id, path, hash, dataset_version_id) VALUES (?, ?, ?, ?)').run(runId, batch.item, batch.hash, batch.id);
}
