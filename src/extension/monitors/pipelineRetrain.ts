// The Retrain button when a monitor's retrain names a pipeline: the same repro as
// `mlops monitor check --retrain` (core/monitors/pipelineRetrain), in this process, with a
// cancellable progress notification, each stage's end in the MLOps log, and the outcome said once.
import * as vscode from 'vscode';
import { startPipelineRetrain } from '../../core/monitors/pipelineRetrain';
import { findSdkDir } from '../../core/tracking/sdkDir';
import type { Log } from '../log';
import { UntrustedWorkspaceError } from '../runs/runController';
import type { WorkbenchState } from '../workbenchState';

/** Starts the repro and returns its pipeline run id; the progress and the outcome follow on their own. */
export function retrainWithPipeline(state: WorkbenchState, log: Log, extensionPath: string, pipeline: string, checkId: number): string {
  if (!vscode.workspace.isTrusted) throw new UntrustedWorkspaceError();
  const root = state.root;
  if (!root) throw new Error('Open a folder first: pipelines run in its workspace.');
  let progress: vscode.Progress<{ message?: string }> | undefined;
  const handle = startPipelineRetrain(state.openStore(), root, state.config.config, pipeline, checkId, {
    sdkDir: findSdkDir(`${extensionPath}/dist`),
    onEvent: (e) => {
      if (e.type === 'stage-start') progress?.report({ message: `running ${e.stage}` });
      if (e.type !== 'stage-end') return;
      log.info(`Retrain pipeline ${pipeline}: ${e.stage} ${e.outcome}${e.message ? ` (${e.message})` : ''}`);
      state.notifyStoreChanged();
    },
  });
  log.info(`Retrain for check ${checkId}: pipeline ${pipeline} started (pipeline run ${handle.pipelineRunId})`);
  state.notifyStoreChanged();
  void vscode.window
    .withProgress({ location: vscode.ProgressLocation.Notification, title: `MLOps: retraining with pipeline ${pipeline}`, cancellable: true }, (p, token) => {
      progress = p;
      token.onCancellationRequested(() => handle.cancel());
      return handle.done;
    })
    .then(
      (result) => {
        state.notifyStoreChanged();
        const failed = result.stages.find((s) => s.outcome === 'failed');
        const text = `MLOps: retrain pipeline ${pipeline} ${result.status}${failed ? `: stage ${failed.stage} failed: ${failed.reason}` : ''}`;
        log.info(text);
        if (result.status === 'finished') void vscode.window.showInformationMessage(text);
        else void vscode.window.showWarningMessage(text);
      },
      (err: unknown) => log.error(`Retrain pipeline ${pipeline} failed`, err),
    );
  return handle.pipelineRunId;
}
