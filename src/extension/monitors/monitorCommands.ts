// The monitors' face in VS Code: checks of batches as they land (MonitorChecks), a notification for
// an alert whose monitor notifies, the open-alert count in the status bar, drift in the Problems
// panel, and the commands of the Monitors view: Open Report, Retrain, Check Now, Acknowledge /
// Snooze / Resolve Alert.
import * as vscode from 'vscode';
import { changeAlert, listAlerts, effectiveState, type Alert, type AlertState } from '../../core/monitors/alerts';
import type { CheckedBatch } from '../../core/monitors/checkMonitor';
import { getCheck, listChecks, type CheckRecord } from '../../core/monitors/checkRecords';
import { retrainTarget } from '../../core/monitors/retrain';
import type { CommandRegistry } from '../commands/registry';
import { errorText, type Log } from '../log';
import { DriftPanel, type DriftShown } from '../panels/driftPanel';
import type { RunController } from '../runs/runController';
import type { PipelineRunner } from '../pipelines/pipelineRunner';
import type { MonitorNode } from '../views/monitorsTree';
import type { WorkbenchState } from '../workbenchState';
import { AlertStatusBar } from './alertStatusBar';
import { checkHistory } from './checkHistory';
import { MonitorChecks } from './monitorChecks';
import { MonitorDiagnostics } from './monitorDiagnostics';
import { retrainWithPipeline } from './pipelineRetrain';
import { compareRetrain } from './retrainComparison';

const SNOOZES: { label: string; ms: number }[] = [
  { label: '1 hour', ms: 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
  { label: '1 week', ms: 7 * 86_400_000 },
];

const isNode = (t: unknown): t is MonitorNode => typeof t === 'object' && t !== null && 'kind' in t;

/** What the surface hands tests: the checks made here and the status bar's count. */
export interface MonitorsApi {
  checks: MonitorChecks;
  openAlerts(): number;
}

export function registerMonitors(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log, runs: RunController, pipelines: PipelineRunner): MonitorsApi {
  const checks = new MonitorChecks(state, log);
  const statusBar = new AlertStatusBar(state);
  const diagnostics = new MonitorDiagnostics(state, () => checks.refusals());
  context.subscriptions.push(checks, statusBar, diagnostics);
  // Shortly after activation (which never opens the store), as the run status bar does.
  const first = setTimeout(() => {
    statusBar.update();
    diagnostics.update();
  }, 1500);
  context.subscriptions.push({ dispose: () => clearTimeout(first) });

  /** A stored check from a tree node, a check id, or (palette) one picked among the latest. */
  const checkOf = async (target: unknown): Promise<CheckRecord | undefined> => {
    const store = state.openStore();
    if (isNode(target) && target.kind !== 'monitor') return getCheck(store, target.check.id) ?? target.check;
    if (typeof target === 'number') {
      const c = getCheck(store, target);
      if (!c) throw new Error(`No drift check ${target}: the Monitors view lists them.`);
      return c;
    }
    const all = Object.keys(state.config.config.monitors).flatMap((m) => listChecks(store, m, 20));
    if (!all.length) {
      void vscode.window.showInformationMessage('MLOps: no monitor has checked a batch yet.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      all.sort((a, b) => b.checkedAt - a.checkedAt).map((c) => ({ label: c.batchLabel, description: `${c.monitor} · ${c.outcome} · ${new Date(c.checkedAt).toLocaleString()}`, check: c })),
      { title: 'MLOps: which check?' },
    );
    return picked?.check;
  };

  const openReport = (check: CheckRecord): DriftShown | undefined => {
    if (!check.report.drift) {
      void vscode.window.showWarningMessage(`MLOps: check ${check.id} of ${check.batchLabel} compared nothing: ${check.error ?? 'the batch could not be read'}.`);
      return undefined;
    }
    return DriftPanel.show(context.extensionUri, state, log, check.report.drift, checkHistory(listChecks(state.openStore(), check.monitor)));
  };

  const retrainRunOf = (monitor: string): string | undefined => {
    for (const a of state.config.config.monitors[monitor]?.actions ?? []) if ('retrain' in a) return a.retrain;
    return undefined;
  };

  const retrain = (check: CheckRecord): string | undefined => {
    const run = retrainRunOf(check.monitor);
    if (!run) throw new Error(`Monitor ${check.monitor} has no retrain action in mlops.json (add { "retrain": "RUN" } to its actions).`);
    // A pipeline: its repro, as Run Pipeline runs it; a promoting stage's gate judges the new model, so no comparison here.
    if (retrainTarget(state.config.config, run) === 'pipeline') return retrainWithPipeline(state, log, pipelines, run, check.id);
    const handle = runs.retrain(run, check.id);
    void handle.done.then(
      () => {
        const cmp = compareRetrain(state.openStore(), state.config.config, handle.runId, check.id);
        log.info(`Monitor ${check.monitor}: ${cmp.text}`);
        const buttons = cmp.baseline ? ['Compare Runs'] : [];
        void vscode.window.showInformationMessage(`MLOps: ${cmp.text}`, ...buttons).then((a) => a && cmp.baseline && vscode.commands.executeCommand('mlops.compareRuns', [handle.runId, cmp.baseline.id]));
      },
      (err) => log.error(`Retrain run ${handle.name} could not be compared`, err),
    );
    return handle.runId;
  };

  const alertOf = async (target: unknown): Promise<Alert | undefined> => {
    const store = state.openStore();
    const open = listAlerts(store);
    if (isNode(target) && target.kind === 'check') {
      const a = open.find((x) => x.checkId === target.check.id);
      if (!a) void vscode.window.showInformationMessage(`MLOps: check ${target.check.id} has no alert that is not resolved.`);
      return a;
    }
    if (typeof target === 'number') return open.find((a) => a.id === target) ?? Promise.reject(new Error(`No unresolved alert ${target}: \`mlops alerts list --all\` lists them.`));
    if (!open.length) {
      void vscode.window.showInformationMessage('MLOps: no drift alert is open.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      open.map((a) => ({ label: `Alert ${a.id} · ${a.monitor}`, description: effectiveState(a), detail: a.summary, alert: a })),
      { title: 'MLOps: which alert?' },
    );
    return picked?.alert;
  };

  const change = async (target: unknown, next: Exclude<AlertState, 'open'>, until?: number): Promise<Alert | undefined> => {
    const alert = await alertOf(target);
    if (!alert) return undefined;
    if (next === 'snoozed' && until === undefined) {
      const pick = await vscode.window.showQuickPick(SNOOZES, { title: `MLOps: snooze alert ${alert.id} of ${alert.monitor} for...` });
      if (!pick) return undefined;
      until = Date.now() + pick.ms;
    }
    const changed = changeAlert(state.openStore(), alert.id, { state: next, until });
    state.notifyStoreChanged();
    log.info(`Alert ${alert.id} of monitor ${alert.monitor}: ${next}${until ? ` until ${new Date(until).toISOString()}` : ''}.`);
    return changed;
  };

  /** The notification of a check whose alert asks to notify. Not awaited: the check is done either way. */
  const notify = (b: CheckedBatch): void => {
    if (!b.actions.some((a) => a.kind === 'notify')) return;
    const drifted = b.summary.driftedColumns.map((c) => c.name);
    const what = b.check.outcome === 'failed' ? `could not be checked: ${b.check.error ?? ''}` : drifted.length ? `drifted in ${drifted.join(', ')}` : b.check.outcome === 'warning' ? 'failed its expectations' : 'drifted';
    const text = `MLOps: monitor ${b.check.monitor}: batch ${b.check.batchLabel} ${what}.`;
    const canRetrain = vscode.workspace.isTrusted && retrainRunOf(b.check.monitor) !== undefined;
    const buttons = [...(b.check.report.drift ? ['Open Report'] : []), ...(canRetrain ? ['Retrain'] : []), ...(b.alert ? ['Snooze'] : [])];
    void vscode.window.showWarningMessage(text, ...buttons).then(async (pick) => {
      try {
        if (pick === 'Open Report') openReport(b.check);
        else if (pick === 'Retrain') retrain(b.check);
        else if (pick === 'Snooze' && b.alert) await change(b.alert.id, 'snoozed');
      } catch (err) {
        log.error(`${pick} failed`, err);
        void vscode.window.showErrorMessage(`MLOps: ${errorText(err)}`);
      }
    });
  };
  context.subscriptions.push(checks.onDidCheck(notify));

  commands.register('mlops.openDriftCheck', async ({ target }) => {
    const check = await checkOf(target);
    return check && openReport(check);
  });
  commands.register('mlops.retrainFromCheck', async ({ target }) => {
    const check = await checkOf(target);
    return check && retrain(check);
  });
  commands.register('mlops.checkMonitorNow', async ({ target }) => {
    const name = isNode(target) ? (target.kind === 'monitor' ? target.name : target.check.monitor) : typeof target === 'string' ? target : undefined;
    if (name !== undefined && !state.config.config.monitors[name]) throw new Error(`No monitor "${name}" in mlops.json.`);
    const done = await checks.checkNow(name);
    if (!done.length) void vscode.window.showInformationMessage(`MLOps: no new batch to check${name ? ` for monitor ${name}` : ''}.`);
    return done.map((b) => ({ id: b.check.id, monitor: b.check.monitor, batch: b.check.batchLabel, outcome: b.check.outcome }));
  });
  commands.register('mlops.acknowledgeAlert', ({ target }) => change(target, 'acknowledged'));
  commands.register('mlops.snoozeAlert', ({ target, args }) => change(target, 'snoozed', typeof args[1] === 'number' ? Date.now() + args[1] : undefined));
  commands.register('mlops.resolveAlert', ({ target }) => change(target, 'resolved'));

  return { checks, openAlerts: () => statusBar.count };
}
