import * as vscode from 'vscode';
import type { MonitorConfig } from '../../core/config/types';
import type { ColumnDrift } from '../../core/drift/reportTypes';
import { effectiveState, listAlerts, type Alert } from '../../core/monitors/alerts';
import { listChecks, type CheckOutcome, type CheckRecord } from '../../core/monitors/checkRecords';
import { TreeProvider } from './treeProvider';

export type MonitorNode =
  | { kind: 'monitor'; name: string; monitor: MonitorConfig; checks: CheckRecord[]; alerts: Alert[] }
  | { kind: 'check'; monitor: string; check: CheckRecord; alert?: Alert; retrain: boolean }
  | { kind: 'column'; check: CheckRecord; column: ColumnDrift };

/** Checks shown per monitor: the history view (`mlops monitor history`) has them all. */
const SHOWN_CHECKS = 50;

const outcomeIcons: Record<CheckOutcome, vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  drift: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  failed: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};

const outcomeWords: Record<CheckOutcome, string> = { ok: 'no drift', warning: 'warning', drift: 'drift', failed: 'failed' };

const score = (x: number | null) => (x === null ? 'n/a' : !Number.isFinite(x) ? String(x) : Number.isInteger(x) ? String(x) : x.toPrecision(3));

function hasRetrain(m: MonitorConfig | undefined): boolean {
  return (m?.actions ?? []).some((a) => 'retrain' in a);
}

/**
 * Drift monitors declared in mlops.json; under each, its checks newest first (green ok, amber
 * warning, red drift, failed with its reason), under a check the columns that drifted with their
 * scores. A check's context value says what its menu offers: "alert" (an alert not resolved) and
 * "retrain" (the monitor has a retrain action).
 */
export class MonitorsTree extends TreeProvider<MonitorNode> {
  /** A few monitors and their latest checks: cheap to list, so a store change that adds no check redraws nothing. */
  protected override redrawNeeded(): boolean {
    return this.rowsChanged();
  }

  protected children(element?: MonitorNode): MonitorNode[] {
    const store = this.state.existingStore();
    if (element?.kind === 'monitor') {
      const retrain = hasRetrain(element.monitor);
      return element.checks.map((check) => ({ kind: 'check', monitor: element.name, check, alert: element.alerts.find((a) => a.checkId === check.id), retrain }));
    }
    if (element?.kind === 'check') return (element.check.report.drift?.columns ?? []).filter((c) => c.drift).map((column) => ({ kind: 'column', check: element.check, column }));
    if (element) return [];
    return Object.entries(this.state.config.config.monitors).map(([name, monitor]) => ({
      kind: 'monitor',
      name,
      monitor,
      checks: store ? listChecks(store, name, SHOWN_CHECKS) : [],
      alerts: store ? listAlerts(store, { monitor: name }) : [],
    }));
  }

  getTreeItem(node: MonitorNode): vscode.TreeItem {
    if (node.kind === 'monitor') return this.monitorItem(node);
    if (node.kind === 'check') return checkItem(node);
    const c = node.column;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
    item.description = `${c.method} ${score(c.statistic)}${c.pValue !== null ? ` · p=${score(c.pValue)}` : ''} (threshold ${score(c.threshold)})`;
    item.iconPath = new vscode.ThemeIcon('symbol-field', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    item.tooltip = `${c.name} drifted: ${c.method} statistic ${score(c.statistic)}${c.pValue !== null ? `, p-value ${score(c.pValue)}` : ''}, threshold ${score(c.threshold)} (${c.thresholdSource}).`;
    item.contextValue = 'driftColumn';
    item.id = `check:${node.check.id}:${c.name}`;
    item.command = { command: 'mlops.openDriftCheck', title: 'Open Report', arguments: [node] };
    return item;
  }

  private monitorItem(node: Extract<MonitorNode, { kind: 'monitor' }>): vscode.TreeItem {
    const latest = node.checks[0];
    const item = new vscode.TreeItem(node.name, node.checks.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.iconPath = latest ? outcomeIcons[latest.outcome] : new vscode.ThemeIcon('graph-line');
    const open = node.alerts.filter((a) => effectiveState(a) === 'open').length;
    item.description = `${node.monitor.current} vs ${node.monitor.reference}${latest ? ` · ${outcomeWords[latest.outcome]}` : ''}${open ? ` · ${open} open alert${open === 1 ? '' : 's'}` : ''}`;
    item.tooltip = `Compares ${node.monitor.current} with the reference ${node.monitor.reference}; drifted when ${Math.round((node.monitor.driftShare ?? 0.5) * 100)}% of columns drift.${latest ? `\nLast check: ${outcomeWords[latest.outcome]} on ${latest.batchLabel}.` : '\nNo batch checked yet.'}`;
    item.contextValue = hasRetrain(node.monitor) ? 'monitor retrain' : 'monitor';
    item.id = `monitor:${node.name}`;
    return item;
  }
}

function checkItem(node: Extract<MonitorNode, { kind: 'check' }>): vscode.TreeItem {
  const c = node.check;
  const drifted = c.driftedColumns;
  const item = new vscode.TreeItem(c.batchLabel, drifted ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.iconPath = outcomeIcons[c.outcome];
  const alert = node.alert && effectiveState(node.alert);
  const what = c.outcome === 'failed' ? `failed: ${c.error ?? 'see the report'}` : `${outcomeWords[c.outcome]} · ${drifted} of ${c.totalColumns} columns drifted`;
  item.description = `${what}${alert ? ` · alert ${alert}` : ''}`;
  item.tooltip = new vscode.MarkdownString().appendText(
    `Check ${c.id} of monitor ${c.monitor}: ${c.batchLabel} against ${c.referenceLabel}, ${new Date(c.checkedAt).toLocaleString()}.\n${what}.${alert ? `\nAlert ${node.alert!.id}: ${alert} (by ${node.alert!.updatedBy}).` : ''}`,
  );
  const tokens = ['driftCheck', ...(c.report.drift ? ['report'] : []), ...(alert && alert !== 'resolved' ? ['alert'] : []), ...(node.retrain ? ['retrain'] : [])];
  item.contextValue = tokens.join(' ');
  item.id = `check:${c.id}`;
  // No click command: a click expands the check to its columns; Open Report is its inline action.
  return item;
}
