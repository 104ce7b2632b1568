import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Expectation } from '../../core/config/types';
import type { DatasetVersion } from '../../core/data/datasetVersions';
import { failedExpectations, latestVersionsToCheck, validateVersions, type ValidateTable, type VersionValidation } from '../../core/quality/validateNewVersions';
import type { ValidationResult } from '../../core/quality/validate';
import { latestValidation } from '../../core/quality/validationStore';
import { runInWorker } from '../../core/worker/runInWorker';
import { errorText, type Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import type { QualityDiagnostics } from './qualityDiagnostics';

/**
 * Store writes come in bursts (a versioning, a run logging): look for due versions once they settle.
 * Short, so a new version's badge usually lands in the same throttled tree redraw as the version itself
 * (a redraw under the pointer drops clicks).
 */
const SETTLE_MS = 100;
/** Past this size a validation shows a cancellable notification with its progress (it takes seconds). */
const BIG_VERSION_BYTES = 100 * 1024 * 1024;

const inWorker: ValidateTable = (args, signal, onProgress) => runInWorker('validate', args, { signal, onProgress });

/** A signal aborted when the user cancels; `onCancel` runs first. */
function abortOn(token: vscode.CancellationToken, onCancel: () => void): AbortSignal {
  const ctrl = new AbortController();
  token.onCancellationRequested(() => {
    onCancel();
    ctrl.abort();
  });
  return ctrl.signal;
}

/** "MLOps: train.csv v4 fails 2 expectations", naming the reader's problem when the table is unreadable. */
export function failureMessage(v: DatasetVersion, result: ValidationResult): string {
  const failed = failedExpectations(result);
  const what = failed.length ? `fails ${failed.length} expectation${failed.length === 1 ? '' : 's'}` : `cannot be read (line ${result.problems[0]?.line}: ${result.problems[0]?.message})`;
  return `MLOps: ${path.basename(v.item)} v${v.version} ${what}`;
}

/**
 * Validates the latest version of every dataset item that has expectations whenever the store or
 * mlops.json changes: new versions from the watcher, Version Now or the CLI, and edited expectations.
 * The bytes are read on a worker thread; one dataset's validations run one at a time; a newly created
 * version that fails raises a notification. Versions whose stored result already checked the current
 * expectations (e.g. validated by `mlops data version`) only update the diagnostics.
 */
export class NewVersionValidation implements vscode.Disposable {
  private readonly started = Date.now();
  private readonly abort = new AbortController();
  private readonly queues = new Map<string, Promise<void>>();
  /** Version id and expectations of what is queued or running, so a check is queued once. */
  private readonly queued = new Set<string>();
  /** Checks the user cancelled: not started again until the version or its expectations change. */
  private readonly cancelled = new Set<string>();
  /** Per data file, the version and expectations whose outcome its diagnostics show. */
  private readonly shown = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  /** Ends the scheduled check's entry in state.track(): resolved when the check has run or is dropped. */
  private checked: (() => void) | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly state: WorkbenchState,
    private readonly log: Log,
    private readonly diagnostics: QualityDiagnostics,
  ) {
    this.subscriptions = [state.onDidChange(() => this.schedule()), vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule())];
    // Off the activation path, like the dataset watcher: activation never opens the store.
    this.schedule(2000);
  }

  /** "MLOps: Validate Data": the checks the user cancelled are due again, run to the end this time. */
  retryCancelled(): void {
    this.cancelled.clear();
    this.schedule(0);
  }

  private schedule(ms = SETTLE_MS): void {
    if (this.abort.signal.aborted) return;
    clearTimeout(this.timer);
    if (!this.checked) void this.state.track(new Promise<void>((resolve) => (this.checked = resolve)));
    this.timer = setTimeout(() => {
      const checked = this.checked;
      this.checked = undefined;
      try {
        this.check();
      } finally {
        checked?.();
      }
    }, ms);
  }

  private check(): void {
    const root = this.state.root;
    const config = this.state.config.config;
    for (const file of this.diagnostics.clearDatasetsExcept((d) => (config.expectations[d]?.length ?? 0) > 0)) this.shown.delete(file);
    // Validation writes the store and reads workspace data: a trusted workspace's job, like versioning.
    if (!root || !vscode.workspace.isTrusted || !Object.values(config.expectations).some((e) => e.length)) return;
    const store = this.state.existingStore();
    if (!store) return;
    let due: ReturnType<typeof latestVersionsToCheck>;
    try {
      due = latestVersionsToCheck(store, config);
    } catch (err) {
      return this.log.error('Could not list dataset versions to validate', err);
    }
    for (const { version, result } of due) {
      if (result) this.show(version, config.expectations[version.dataset], result);
      else this.enqueue(version);
    }
  }

  private enqueue(version: DatasetVersion): void {
    const expectations = this.state.config.config.expectations[version.dataset];
    const key = `${version.id}\0${JSON.stringify(expectations)}`;
    if (this.queued.has(key) || this.cancelled.has(key)) return;
    this.queued.add(key);
    // A version never validated before and made while VS Code was open is news: it may notify.
    const isNew = version.createdAt >= this.started && !latestValidation(this.state.openStore(), version.id);
    const previous = this.queues.get(version.dataset) ?? Promise.resolve();
    const next = previous
      .then(() => this.validate(version, isNew, key))
      .catch((err) => {
        if (this.abort.signal.aborted) return;
        if (this.cancelled.has(key)) return this.log.info(`Validation of ${version.dataset} ${version.item} v${version.version} cancelled; MLOps: Validate Data checks it on demand.`);
        this.log.error(`Validating ${version.dataset} ${version.item} v${version.version} failed`, err);
      })
      .finally(() => this.queued.delete(key));
    this.queues.set(version.dataset, this.state.track(next));
  }

  private async validate(version: DatasetVersion, isNew: boolean, key: string): Promise<void> {
    if (this.abort.signal.aborted) return;
    const store = this.state.openStore();
    // The config as it is now: expectations edited while this waited in the queue are the ones to check.
    const run = (signal: AbortSignal, onProgress?: (v: DatasetVersion, fraction: number) => void) =>
      validateVersions(store, this.state.config.config, [version], { validate: inWorker, signal, onProgress, onValidated: (v) => this.validated(v, isNew) });
    if (version.size < BIG_VERSION_BYTES) return void (await run(this.abort.signal));
    const title = `MLOps: validating ${path.basename(version.item)} v${version.version}`;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const mine = AbortSignal.any([this.abort.signal, abortOn(token, () => this.cancelled.add(key))]);
      let shown = 0;
      await run(mine, (_v, fraction) => {
        const percent = Math.floor(fraction * 100);
        if (percent > shown) progress.report({ increment: percent - shown, message: `${percent}%` });
        shown = Math.max(shown, percent);
      });
    });
  }

  private validated(v: VersionValidation, isNew: boolean): void {
    const { version, result } = v;
    this.log.info(`Validated ${version.dataset} ${version.item} v${version.version}: ${result.success ? 'passed' : failureMessage(version, result).replace(/^MLOps: /, '')}`);
    this.show(version, v.expectations, result);
    this.state.notifyStoreChanged(); // badges
    if (result.success || !isNew) return;
    // Not awaited: validation is done whether or not the user opens the Problems panel.
    void vscode.window.showWarningMessage(failureMessage(version, result), 'Show Problems').then(
      (pick) => pick && vscode.commands.executeCommand('workbench.actions.view.problems'),
      (err) => this.log.warn(`Notification failed: ${errorText(err)}`),
    );
  }

  /** Shows a version's outcome on its working file, unless that check's outcome is shown already. */
  private show(version: DatasetVersion, expectations: Expectation[], result: ValidationResult): void {
    const file = path.join(this.state.root!, version.item);
    const key = `${version.id}\0${JSON.stringify(expectations)}`;
    if (this.shown.get(file) === key) return;
    this.shown.set(file, key);
    this.diagnostics.set(version.dataset, file, result);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.checked?.();
    this.abort.abort();
    for (const s of this.subscriptions) s.dispose();
  }
}
