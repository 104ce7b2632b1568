import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { resolveDataset } from '../../core/data/datasetItems';
import type { ValidationResult } from '../../core/quality/validate';
import { failedExpectations } from '../../core/quality/validateNewVersions';
import { runInWorker } from '../../core/worker/runInWorker';
import type { CommandRegistry } from '../commands/registry';
import { errorText, type Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { NewVersionValidation } from './newVersionValidation';
import { QualityDiagnostics } from './qualityDiagnostics';

/**
 * Data quality in the editor: "MLOps: Validate Data" checks each dataset's expectations over its
 * working files on demand (and re-runs the new-version checks the user cancelled), and every new
 * dataset version is validated as it lands. Both put failures in the Problems panel through one
 * QualityDiagnostics: on the data file at the lines of the first unexpected rows, and on the
 * expectation in mlops.json.
 */
export function registerValidateData(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): void {
  const diagnostics = new QualityDiagnostics(state.root ?? '');
  const newVersions = new NewVersionValidation(state, log, diagnostics);
  context.subscriptions.push(diagnostics, newVersions);
  commands.register('mlops.validateData', async ({ root, target: arg }) => {
    // A new version whose automatic check the user cancelled gets its stored result (and badge) now.
    newVersions.retryCancelled();
    const config = state.config.config;
    const only = typeof arg === 'string' ? arg : (arg as { name?: string } | undefined)?.name;
    const names = Object.keys(config.expectations).filter((n) => config.expectations[n].length && (!only || n === only));
    if (!names.length) {
      return void vscode.window.showInformationMessage(`MLOps: no expectations${only ? ` for ${only}` : ''} in mlops.json. Add some under "expectations" (README: Data quality).`);
    }
    const outcomes: { dataset: string; file: string; outcome: ValidationResult | Error }[] = [];
    const cancelled = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'MLOps: validating data', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        for (const name of names) {
          let files: string[];
          try {
            files = resolveDataset(root, config, name).items.filter((i) => i.kind === 'file' && fs.existsSync(i.abs)).map((i) => i.abs);
          } catch (err) {
            log.warn(`Validate: ${errorText(err)}`);
            continue;
          }
          for (const file of files) {
            if (token.isCancellationRequested) return true;
            const shown = vscode.workspace.asRelativePath(file);
            progress.report({ message: shown });
            let percent = 0;
            const onProgress = (fraction: number) => {
              if (Math.floor(fraction * 100) === percent) return;
              percent = Math.floor(fraction * 100);
              progress.report({ message: `${shown} ${percent}%` });
            };
            try {
              // On a worker thread: a big table never stalls the extension host.
              outcomes.push({ dataset: name, file, outcome: await runInWorker('validate', { file, expectations: config.expectations[name] }, { signal: abort.signal, onProgress }) });
            } catch (err) {
              if (token.isCancellationRequested) return true;
              outcomes.push({ dataset: name, file, outcome: err instanceof Error ? err : new Error(String(err)) });
            }
          }
        }
        return false;
      },
    );
    if (cancelled) return void vscode.window.showInformationMessage('MLOps: validation cancelled.');
    // A full run replaces every file's diagnostics; a run for one dataset only its files'.
    if (!only) diagnostics.clear();
    for (const o of outcomes) diagnostics.set(o.dataset, o.file, o.outcome);
    const checked = outcomes.filter((o) => !(o.outcome instanceof Error)).length;
    const failed = outcomes.reduce((n, o) => n + (o.outcome instanceof Error ? 0 : failedExpectations(o.outcome).length), 0);
    const summary = failed ? `MLOps: ${failed} expectation${failed === 1 ? '' : 's'} failed in ${checked} file${checked === 1 ? '' : 's'}.` : `MLOps: every expectation holds (${checked} file${checked === 1 ? '' : 's'}).`;
    log.info(summary);
    // Not awaited: the command is done once the diagnostics are set, whatever the user does with the toast.
    if (failed) void vscode.window.showWarningMessage(summary, 'Show Problems').then((a) => a && vscode.commands.executeCommand('workbench.actions.view.problems'));
    else void vscode.window.showInformationMessage(summary);
  });
}
