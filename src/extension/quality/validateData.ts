import * as fs from 'node:fs';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { configPath } from '../../core/config/loadConfig';
import { lineColumn } from '../../core/config/problems';
import { resolveDataset } from '../../core/data/datasetItems';
import { describeResult } from '../../core/quality/describeResult';
import { validateFile, type ExpectationResult } from '../../core/quality/validate';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { errorText } from '../commands/guarded';


/** Where expectation `index` of `dataset` sits in mlops.json (as on disk now), for a diagnostic on it. */
function expectationRange(configText: string, dataset: string, index: number): vscode.Range {
  const tree = parseTree(configText);
  const node = tree && findNodeAtLocation(tree, ['expectations', dataset, index]);
  if (!node) return new vscode.Range(0, 0, 0, 1);
  const start = lineColumn(configText, node.offset);
  const end = lineColumn(configText, node.offset + node.length);
  return new vscode.Range(start.line - 1, start.column - 1, end.line - 1, end.column - 1);
}

function severityOf(r: ExpectationResult): vscode.DiagnosticSeverity {
  return r.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
}

/**
 * "MLOps: Validate Data": each dataset's expectations over its working files, with the failures in
 * the Problems panel where they are: on the data file at the lines of the first unexpected rows, and
 * on the expectation in mlops.json.
 */
export function registerValidateData(context: vscode.ExtensionContext, state: WorkbenchState, log: Log): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('mlops-quality');
  context.subscriptions.push(
    diagnostics,
    vscode.commands.registerCommand('mlops.validateData', async (arg?: unknown) => {
      const root = state.root;
      if (!root) return void vscode.window.showErrorMessage('MLOps: open a folder first.');
      const config = state.config.config;
      const only = typeof arg === 'string' ? arg : (arg as { name?: string } | undefined)?.name;
      const names = Object.keys(config.expectations).filter((n) => config.expectations[n].length && (!only || n === only));
      if (!names.length) {
        return void vscode.window.showInformationMessage(`MLOps: no expectations${only ? ` for ${only}` : ''} in mlops.json. Add some under "expectations" (README: Data quality).`);
      }
      const configFile = configPath(root);
      const configText = fs.readFileSync(configFile, 'utf8');
      const byFile = new Map<string, vscode.Diagnostic[]>();
      const add = (file: string, d: vscode.Diagnostic) => byFile.set(file, [...(byFile.get(file) ?? []), d]);
      let failed = 0;
      let checked = 0;
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
              progress.report({ message: vscode.workspace.asRelativePath(file) });
              let result;
              try {
                result = await validateFile(file, config.expectations[name], { signal: abort.signal });
              } catch (err) {
                if (token.isCancellationRequested) return true;
                add(file, new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), `MLOps could not read this table: ${errorText(err)}`, vscode.DiagnosticSeverity.Error));
                continue;
              }
              checked++;
              for (const r of result.results.filter((x) => !x.success)) {
                if (r.severity === 'error') failed++;
                const text = describeResult(r);
                const rows = r.unexpectedRows.length ? r.unexpectedRows : [{ line: 1, value: undefined }];
                for (const u of rows) {
                  const at = new vscode.Range(u.line - 1, 0, u.line - 1, Number.MAX_SAFE_INTEGER);
                  const value = u.value === undefined ? '' : ` (value ${JSON.stringify(u.value)})`;
                  const d = new vscode.Diagnostic(at, `${text}${value}`, severityOf(r));
                  d.source = 'MLOps data quality';
                  add(file, d);
                }
                const onConfig = new vscode.Diagnostic(expectationRange(configText, name, r.index), `${vscode.workspace.asRelativePath(file)}: ${text}`, severityOf(r));
                onConfig.source = 'MLOps data quality';
                add(configFile, onConfig);
              }
            }
          }
          return false;
        },
      );
      diagnostics.clear();
      for (const [file, list] of byFile) diagnostics.set(vscode.Uri.file(file), list);
      if (cancelled) return void vscode.window.showInformationMessage('MLOps: validation cancelled.');
      const summary = failed ? `MLOps: ${failed} expectation${failed === 1 ? '' : 's'} failed in ${checked} file${checked === 1 ? '' : 's'}.` : `MLOps: every expectation holds (${checked} file${checked === 1 ? '' : 's'}).`;
      log.info(summary);
      // Not awaited: the command is done once the diagnostics are set, whatever the user does with the toast.
      if (failed) void vscode.window.showWarningMessage(summary, 'Show Problems').then((a) => a && vscode.commands.executeCommand('workbench.actions.view.problems'));
      else void vscode.window.showInformationMessage(summary);
    }),
  );
}
