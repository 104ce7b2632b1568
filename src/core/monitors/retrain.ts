// Retraining from a check: the run config launched as `mlops run NAME` would, with the checked
// batch's dataset version pinned among its inputs and a tag naming the check, so lineage leads from
// the alert to the new run and from the run back to the data that triggered it.
import type { MlopsConfig } from '../config/types';
import { getVersion } from '../data/datasetVersions';
import { launchRun, type LaunchSpec, type RunHandle } from '../tracking/launcher';
import { substituteParams } from '../tracking/params';
import { setTags } from '../tracking/runRecords';
import type { Store } from '../store/store';
import { getCheck } from './checkRecords';
import { MonitorError } from './monitorReference';

export const DRIFT_CHECK_TAG = 'mlops.drift_check';

export type RetrainSpec = Pick<LaunchSpec, 'sdkDir' | 'colors' | 'onOutput' | 'onProblem' | 'onChange'>;

export function launchRetrain(store: Store, workspaceRoot: string, config: MlopsConfig, runName: string, checkId: number, spec: RetrainSpec): RunHandle {
  const run = config.runs[runName];
  if (!run) throw new MonitorError(`No run "${runName}" in mlops.json to retrain with (runs: ${Object.keys(config.runs).join(', ') || 'none'}).`);
  const check = getCheck(store, checkId);
  if (!check) throw new MonitorError(`No drift check ${checkId}.`);
  const batch = getVersion(store, check.batchVersionId);
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
    // The run can find the batch that triggered it; its bytes are the version pinned below.
    env: { ...run.env, MLOPS_DRIFT_CHECK_ID: String(checkId), ...(batch ? { MLOPS_BATCH: batch.item, MLOPS_BATCH_VERSION: String(batch.version) } : {}) },
  });
  store.transaction(() => {
    setTags(store, handle.runId, { [DRIFT_CHECK_TAG]: String(checkId), 'mlops.monitor': check.monitor });
    if (batch) store.db.prepare('INSERT OR REPLACE INTO run_inputs (run_id, path, hash, dataset_version_id) VALUES (?, ?, ?, ?)').run(handle.runId, batch.item, batch.hash, batch.id);
  });
  return handle;
}
