import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { configPath } from '../../core/config/loadConfig';
import { lineColumn } from '../../core/config/problems';
import { getVersion } from '../../core/data/datasetVersions';
import { listChecks, type CheckRecord } from '../../core/monitors/checkRecords';
import { summarizeCheck } from '../../core/monitors/checkSummary';
import type { ConfigProblem } from '../../core/config/types';
import { LastShown } from '../lastShown';
import type { WorkbenchState } from '../workbenchState';

const SOURCE = 'MLOps drift';

/** Where monitor `name` sits in mlops.json (its key), for a diagnostic on it. */
function monitorRange(configText: string, name: string): vscode.Range {
  const tree = parseTree(configText);
  const node = tree && findNodeAtLocation(tree, ['monitors', name]);
  const key = node?.parent?.children?.[0] ?? node;
  if (!key) return new vscode.Range(0, 0, 0, 1);
  const start = lineColumn(configText, key.offset);
  const end = lineColumn(configText, key.offset + key.length);
  return new vscode.Range(start.line - 1, start.column - 1, end.line - 1, end.column - 1);
}

const severityOf = (c: CheckRecord) => (c.outcome === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);

/**
 * The one owner of drift diagnostics: each monitor's latest check, when it found drift, a warning or
 * a failure, is a problem on its batch file (when that file is still in the workspace) and on the
 * monitor in mlops.json; so is what stops a monitor from checking (a column its reference lacks).
 * Recomputed from the store on every change, so the CLI's checks show too.
 */
export class MonitorDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mlops-drift');
  private readonly subscription: vscode.Disposable;
  /** The problems last set: a store change that leaves them as they were sends Problems nothing. */
  private readonly shown = new LastShown();

  constructor(
    private readonly state: WorkbenchState,
    /** mlops.json's problems that stop a monitor from checking (MonitorChecks.refusals). */
    private readonly refusals: () => ConfigProblem[],
  ) {
    this.subscription = state.onDidChange(() => this.update());
  }

  update(): void {
    const root = this.state.root;
    const store = this.state.existingStore();
    if (!root || !store) {
      if (this.shown.differs('')) this.collection.clear();
      return;
    }
    let configText = '';
    try {
      configText = fs.readFileSync(configPath(root), 'utf8');
    } catch {
      // No mlops.json: no monitors either.
    }
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const add = (file: string, d: vscode.Diagnostic) => byFile.set(file, [...(byFile.get(file) ?? []), d]);
    for (const name of Object.keys(this.state.config.config.monitors)) {
      const latest = listChecks(store, name, 1)[0];
      if (!latest || latest.outcome === 'ok') continue;
      const text = summarizeCheck(latest).text;
      const batch = getVersion(store, latest.batchVersionId);
      const file = batch && path.join(root, batch.item);
      if (file && fs.existsSync(file)) {
        const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, Number.MAX_SAFE_INTEGER), text, severityOf(latest));
        d.source = SOURCE;
        add(file, d);
      }
      const onConfig = new vscode.Diagnostic(monitorRange(configText, name), text, severityOf(latest));
      onConfig.source = SOURCE;
      add(configPath(root), onConfig);
    }
    for (const p of this.refusals()) {
      const d = new vscode.Diagnostic(new vscode.Range(p.line - 1, p.column - 1, p.line - 1, Number.MAX_SAFE_INTEGER), `${p.message} (the monitor is not checked until this is fixed)`, vscode.DiagnosticSeverity.Error);
      d.source = SOURCE;
      add(configPath(root), d);
    }
    const key = JSON.stringify([...byFile].map(([file, list]) => [file, list.map((d) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.severity, d.message])]));
    if (!this.shown.differs(key)) return;
    this.collection.clear();
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
