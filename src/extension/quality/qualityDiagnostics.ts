import * as fs from 'node:fs';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { configPath } from '../../core/config/loadConfig';
import { lineColumn } from '../../core/config/problems';
import { TableReadError } from '../../core/data/readers/types';
import { describeResult } from '../../core/quality/describeResult';
import type { ExpectationResult, ValidationResult } from '../../core/quality/validate';
import { errorText } from '../log';

const SOURCE = 'MLOps data quality';

/** Where expectation `index` of `dataset` sits in mlops.json (as on disk now), for a diagnostic on it. */
function expectationRange(configText: string, dataset: string, index: number): vscode.Range {
  const tree = parseTree(configText);
  const node = tree && findNodeAtLocation(tree, ['expectations', dataset, index]);
  if (!node) return new vscode.Range(0, 0, 0, 1);
  const start = lineColumn(configText, node.offset);
  const end = lineColumn(configText, node.offset + node.length);
  return new vscode.Range(start.line - 1, start.column - 1, end.line - 1, end.column - 1);
}

function diagnostic(line: number, message: string, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(Math.max(line, 1) - 1, 0, Math.max(line, 1) - 1, Number.MAX_SAFE_INTEGER), message, severity);
  d.source = SOURCE;
  return d;
}

const severityOf = (r: ExpectationResult) => (r.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);

interface FileEntry {
  dataset: string;
  onFile: vscode.Diagnostic[];
  onConfig: vscode.Diagnostic[];
}

/**
 * The one owner of data-quality diagnostics: a data file's validation puts each failed expectation at
 * the lines of its first unexpected rows and on the expectation in mlops.json. "Validate Data" and
 * validation of new versions both go through set(), so a file's diagnostics are always its latest
 * outcome, whichever produced it.
 */
export class QualityDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mlops-quality');
  private readonly files = new Map<string, FileEntry>();

  constructor(private readonly root: string) {}

  /** Replaces the diagnostics of `file` (absolute) and of its dataset's expectations in mlops.json. */
  set(dataset: string, file: string, outcome: ValidationResult | Error): void {
    const entry: FileEntry = { dataset, onFile: [], onConfig: [] };
    if (outcome instanceof Error) {
      const line = outcome instanceof TableReadError ? outcome.line : 1;
      entry.onFile.push(diagnostic(line, `MLOps could not read this table: ${outcome instanceof TableReadError ? outcome.problem : errorText(outcome)}`, vscode.DiagnosticSeverity.Error));
    } else {
      const configText = this.configText();
      // No result at all means the table could not be read: its problems are the failure.
      const problemSeverity = outcome.results.length ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
      for (const p of outcome.problems) entry.onFile.push(diagnostic(p.line, p.message, problemSeverity));
      for (const r of outcome.results.filter((x) => !x.success)) {
        const text = describeResult(r);
        const rows = r.unexpectedRows.length ? r.unexpectedRows : [{ line: 1, value: undefined }];
        for (const u of rows) entry.onFile.push(diagnostic(u.line, `${text}${u.value === undefined ? '' : ` (value ${JSON.stringify(u.value)})`}`, severityOf(r)));
        const onConfig = new vscode.Diagnostic(expectationRange(configText, dataset, r.index), `${vscode.workspace.asRelativePath(file)}: ${text}`, severityOf(r));
        onConfig.source = SOURCE;
        entry.onConfig.push(onConfig);
      }
    }
    this.files.set(file, entry);
    this.collection.set(vscode.Uri.file(file), entry.onFile);
    this.flushConfig();
  }

  /** Forgets one file's diagnostics, else all of them. */
  clear(file?: string): void {
    if (file === undefined) {
      this.files.clear();
      this.collection.clear();
      return;
    }
    if (!this.files.delete(file)) return;
    this.collection.delete(vscode.Uri.file(file));
    this.flushConfig();
  }

  /** Clears the files of each dataset not kept (its expectations were removed); returns those files. */
  clearDatasetsExcept(keep: (dataset: string) => boolean): string[] {
    const gone = [...this.files].filter(([, e]) => !keep(e.dataset)).map(([file]) => file);
    for (const file of gone) this.clear(file);
    return gone;
  }

  dispose(): void {
    this.collection.dispose();
  }

  private configText(): string {
    try {
      return fs.readFileSync(configPath(this.root), 'utf8');
    } catch {
      return '';
    }
  }

  private flushConfig(): void {
    const all = [...this.files.values()].flatMap((e) => e.onConfig);
    const uri = vscode.Uri.file(configPath(this.root));
    if (all.length) this.collection.set(uri, all);
    else this.collection.delete(uri);
  }
}
