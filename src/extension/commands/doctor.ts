import * as vscode from 'vscode';
import { formatProblem } from '../../core/config/loadConfig';
import { runDoctor } from '../../core/doctor/doctor';
import type { Log } from '../log';

/** "MLOps: Run Doctor": the same report as `mlops doctor`, in the Output channel. */
export function doctorCommand(root: string, log: Log): void {
  const r = runDoctor(root);
  const lines = [
    `Doctor for ${r.workspace}`,
    `  runtime: Node ${r.runtime.node} (ABI ${r.runtime.abi})${r.runtime.electron ? `, Electron ${r.runtime.electron}` : ''}, ${r.runtime.platform}-${r.runtime.arch}`,
    `  sqlite driver: ${r.store.driver ?? 'none'}`,
    `  store: ${r.store.path}${r.store.exists ? ` (schema ${r.store.schemaVersion} of ${r.store.latestSchemaVersion})` : ' (not created yet)'}`,
    `  config: ${r.config.exists ? (r.config.valid ? 'valid' : `${r.config.problems.length} problem(s)`) : 'no mlops.json (defaults)'}`,
    ...r.config.problems.map((p) => `    ${formatProblem(r.config.path, p)}`),
    ...(r.store.error ? [`  store error: ${r.store.error}`] : []),
  ];
  log.info(lines.join('\n'));
  log.channel.show(true);
  const summary = r.ok ? 'MLOps doctor: everything works.' : 'MLOps doctor found problems; see the Output channel.';
  void (r.ok ? vscode.window.showInformationMessage(summary) : vscode.window.showWarningMessage(summary));
}
