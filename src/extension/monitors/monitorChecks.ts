import * as vscode from 'vscode';
import { checkMonitor, type CheckedBatch } from '../../core/monitors/checkMonitor';
import { uncheckedBatches } from '../../core/monitors/batches';
import { workerCompare } from '../../core/monitors/workerCompare';
import { isModelReference, resolveMonitorReference } from '../../core/monitors/monitorReference';
import { monitorStoreProblems } from '../../core/monitors/referenceColumns';
import type { ConfigProblem } from '../../core/config/types';
import { getVersion, type DatasetVersion } from '../../core/data/datasetVersions';
import { datasetCsvOptions } from '../../core/data/readers/datasetReadOptions';
import { profileForVersion } from '../../core/quality/profileStore';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';

/** Store writes come in bursts (a versioning, a run logging): look for new batches once they settle. */
const SETTLE_MS = 300;

const batchName = (v: DatasetVersion) => `${v.item} v${v.version}`;

/**
 * Checks each monitor's new batches as they land: whenever the store or mlops.json changes (a
 * version recorded by the datasets watcher, Version Now or the CLI), every monitor with a batch not
 * yet checked against its reference runs the core's checkMonitor, one monitor at a time, with a
 * cancellable progress notification. The comparison stays on the extension host, asynchronous (the
 * table is read in batches, yielding between them): driftBetween reads and writes the reference's
 * stored summary, which worker tasks (core/worker) cannot reach. Actions from mlops.json (a
 * command, a retrain) run only in a trusted workspace; checkMonitor is told which.
 */
export class MonitorChecks implements vscode.Disposable {
  private readonly abort = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private scheduled: (() => void) | undefined;
  /** Batches whose check the user cancelled (monitor and version id): not started again until Check Now. */
  private readonly cancelled = new Set<string>();
  /**
   * Monitors refused for what mlops.json asks of their reference (a column it lacks, a test that does
   * not fit a column's type), keyed by the monitor's config: not tried again until it changes.
   */
  private readonly refused = new Map<string, { config: string; problems: ConfigProblem[] }>();
  /** Monitors whose reference could not be resolved, with the reason logged once. */
  private readonly unresolved = new Map<string, string>();
  private readonly checked = new vscode.EventEmitter<CheckedBatch>();
  /** Each batch checked here, once stored and its actions done. */
  readonly onDidCheck = this.checked.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly state: WorkbenchState,
    private readonly log: Log,
  ) {
    this.subscriptions = [state.onDidChange(() => this.schedule()), this.checked];
    // Off the activation path, like validation of new versions: activation never opens the store.
    this.schedule(2000);
  }

  /** mlops.json's problems that stop monitors from checking, at their line (the Problems panel shows them). */
  refusals(): ConfigProblem[] {
    return [...this.refused].filter(([name, r]) => JSON.stringify(this.state.config.config.monitors[name]) === r.config).flatMap(([, r]) => r.problems);
  }

  /** Checks now: one monitor's (or every monitor's) unchecked batches, cancelled ones included. Resolves with what was checked. */
  checkNow(name?: string): Promise<CheckedBatch[]> {
    for (const key of [...this.cancelled]) if (name === undefined || key.startsWith(`${name}\0`)) this.cancelled.delete(key);
    this.unresolved.clear();
    const names = name === undefined ? Object.keys(this.state.config.config.monitors) : [name];
    return this.enqueue(names, true);
  }

  private schedule(ms = SETTLE_MS): void {
    if (this.abort.signal.aborted) return;
    clearTimeout(this.timer);
    if (!this.scheduled) void this.state.track(new Promise<void>((resolve) => (this.scheduled = resolve)));
    this.timer = setTimeout(() => {
      const done = this.scheduled;
      this.scheduled = undefined;
      void this.enqueue(this.due(), false).finally(() => done?.());
    }, ms);
  }

  /** Monitors with a batch not yet checked (and not cancelled). */
  private due(): string[] {
    const store = this.state.existingStore();
    if (!store) return [];
    const out: string[] = [];
    for (const [name, monitor] of Object.entries(this.state.config.config.monitors)) {
      if (isModelReference(monitor.reference)) continue;
      if (this.refused.get(name)?.config === JSON.stringify(monitor)) continue;
      try {
        // Pins the reference at the first batch, as `mlops monitor check` does.
        if (!store.db.prepare('SELECT 1 FROM dataset_versions WHERE dataset = ? LIMIT 1').get(monitor.current)) continue;
        const reference = resolveMonitorReference(store, name, monitor);
        this.unresolved.delete(name);
        if (uncheckedBatches(store, name, monitor, reference.version.id).some((b) => !this.cancelled.has(`${name}\0${b.id}`))) out.push(name);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        if (this.unresolved.get(name) !== why) this.log.warn(`Monitor ${name} cannot check its batches yet: ${why}`);
        this.unresolved.set(name, why);
      }
    }
    return out;
  }

  private enqueue(names: string[], onDemand: boolean): Promise<CheckedBatch[]> {
    if (!names.length) return Promise.resolve([]);
    const run = this.queue.then(async () => {
      const all: CheckedBatch[] = [];
      for (const name of names) {
        try {
          all.push(...(await this.check(name, onDemand)));
        } catch (err) {
          // Check Now reports its failure as a command does; a background check only logs it.
          if (onDemand) throw err;
          this.log.error(`Checking monitor ${name} failed`, err);
        }
      }
      return all;
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return this.state.track(run);
  }

  private async check(name: string, onDemand: boolean): Promise<CheckedBatch[]> {
    if (this.abort.signal.aborted || !this.state.config.config.monitors[name]) return [];
    const store = this.state.openStore();
    if (!(await this.acceptable(name))) return [];
    const title = `MLOps: checking monitor ${name}`;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const user = new AbortController();
      let current: DatasetVersion | undefined;
      token.onCancellationRequested(() => {
        if (current) this.cancelled.add(`${name}\0${current.id}`);
        user.abort();
      });
      const signal = AbortSignal.any([this.abort.signal, user.signal]);
      let shown = 0;
      const checked: CheckedBatch[] = [];
      try {
        await checkMonitor(store, this.state.root!, this.state.config.config, name, {
          compare: workerCompare(store),
          trusted: vscode.workspace.isTrusted,
          signal,
          onProgress: (batch, fraction) => {
            if (batch.id !== current?.id) {
              current = batch;
              shown = 0;
            }
            const percent = Math.floor(fraction * 100);
            if (percent > shown || shown === 0) progress.report({ increment: percent - shown, message: `${batchName(batch)} ${percent}%` });
            shown = Math.max(shown, percent);
          },
          onChecked: (b) => {
            checked.push(b);
            this.log.info(`Monitor ${name}: ${b.summary.text}`);
            this.state.notifyStoreChanged();
            this.checked.fire(b);
          },
        });
      } catch (err) {
        if (!signal.aborted) throw err;
        const which = current && getVersion(store, current.id);
        this.log.info(`Monitor ${name}: check cancelled${which ? ` at ${batchName(which)}` : ''}; MLOps: Check Now checks it${onDemand ? ' again' : ''}.`);
      }
      return checked;
    });
  }

  /**
   * As `mlops monitor check` does before comparing: the reference profiled once (kept in the store),
   * then the columns and tests mlops.json names checked against it. A monitor with problems is refused
   * until its config changes; its problems show at their line in mlops.json.
   */
  private async acceptable(name: string): Promise<boolean> {
    const store = this.state.openStore();
    const loaded = this.state.config;
    const monitor = loaded.config.monitors[name];
    const reference = resolveMonitorReference(store, name, monitor);
    await profileForVersion(store, reference.version, { csv: datasetCsvOptions(loaded.config.datasets[reference.version.dataset]) });
    const problems = monitorStoreProblems(store, loaded).filter((p) => p.path.startsWith(`/monitors/${name}/`));
    if (!problems.length) {
      this.refused.delete(name);
      return true;
    }
    this.refused.set(name, { config: JSON.stringify(monitor), problems });
    this.log.warn(`Monitor ${name} is not checked until mlops.json is fixed: ${problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
    this.state.notifyStoreChanged(); // the Problems panel
    return false;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.scheduled?.();
    this.abort.abort();
    for (const s of this.subscriptions) s.dispose();
  }
}
