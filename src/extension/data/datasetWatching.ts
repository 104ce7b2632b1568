import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { storeLayout } from '../../core/store/layout';
import { DatasetWatcher } from '../../core/data/datasetWatcher';
import type { VersionResult } from '../../core/data/versionDataset';
import { executeCommand } from '../commands/registry';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';

/** Past this size a versioning shows a cancellable notification (hashing takes seconds). */
const BIG_FILE_BYTES = 100 * 1024 * 1024;

/**
 * Files this big are hashed on a worker thread: the extension host's thread serves every view and
 * editor, and a worker's start-up (~30 ms) is small beside reading 16 MB and more.
 */
export const OFF_THREAD_BYTES = 16 * 1024 * 1024;

interface Versioning {
  ctrl: AbortController;
  report?: (bytes: number, total: number) => void;
  finish?: () => void;
}

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

/** Reports bytes hashed to a progress notification: "120 of 300 MB" and the bar's increment. */
export function reportBytes(progress: Progress, item?: string): (bytes: number, total: number) => void {
  let last = 0;
  return (bytes, total) => {
    const mb = (n: number) => (n / 1048576).toFixed(0);
    // A total of 0 is a size not known yet (an object only a teammate has): the bytes so far alone.
    const amount = total > 0 ? `${mb(bytes)} of ${mb(total)} MB` : `${mb(bytes)} MB`;
    progress.report({ increment: total > 0 ? (Math.max(bytes - last, 0) / total) * 100 : 0, message: `${item ? `${item}: ` : ''}${amount}` });
    last = bytes;
  };
}

/** A cancellable notification for one big versioning; returns how to report bytes hashed. */
export function showProgress(item: string, entry: Versioning): (bytes: number, total: number) => void {
  let report: ((bytes: number, total: number) => void) | undefined;
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `MLOps: versioning ${item}`, cancellable: true }, (p, token) => {
    report = reportBytes(p);
    token.onCancellationRequested(() => entry.ctrl.abort());
    return new Promise<void>((resolve) => (entry.finish = resolve));
  });
  return (bytes, total) => report?.(bytes, total);
}

/**
 * Runs the core dataset watcher for the declared datasets while the workspace is trusted (versioning
 * writes .mlops/objects), restarting it when the datasets in mlops.json change.
 */
export class DatasetWatching implements vscode.Disposable {
  private watcher: DatasetWatcher | undefined;
  private watchedConfig = '';
  private restarting: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly active = new Map<string, Versioning>();
  private warned = new Set<string>();

  constructor(
    private readonly state: WorkbenchState,
    private readonly log: Log,
    /** Called with each versioning that created at least one version (the views refresh, quality checks run). */
    private readonly onVersioned: (result: VersionResult) => void,
  ) {
    // onDidChange also fires on every store write: restart only when the datasets themselves change.
    this.subscriptions.push(
      state.onDidChange(() => this.sync()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.sync()),
    );
    // Off the activation path: activation never opens the store.
    const timer = setTimeout(() => this.sync(), 2000);
    this.subscriptions.push({ dispose: () => clearTimeout(timer) });
  }

  /**
   * What the watcher depends on: the datasets, and the store file itself (the watcher writes only to
   * an initialized workspace's store, and follows it when .mlops is deleted and recreated).
   */
  private configKey(): string {
    const { config, exists } = this.state.config;
    if (!exists || !vscode.workspace.isTrusted || !this.state.root) return '';
    let ino = 0;
    try {
      ino = fs.statSync(storeLayout(this.state.root).database).ino;
    } catch {
      return '';
    }
    return JSON.stringify([config.datasets, config.cache ?? null, ino]);
  }

  private sync(): void {
    const key = this.configKey();
    if (key === this.watchedConfig) return;
    this.watchedConfig = key;
    // Tracked: settled() resolves once the watcher watches what mlops.json now declares.
    this.restarting = this.state.track(this.restarting.then(() => this.restart(key)).catch((err) => this.log.error('Dataset watcher failed to start', err)));
  }

  private async restart(key: string): Promise<void> {
    await this.watcher?.close();
    this.watcher = undefined;
    const config = this.state.config.config;
    if (!key || !Object.keys(config.datasets).length) return;
    const store = this.state.existingStore();
    if (!store) return;
    const watcher = new DatasetWatcher(store, this.state.root!, config, {
      onVersioned: (r) => {
        this.done(r.dataset);
        const created = r.items.filter((i) => i.state === 'created');
        for (const i of created) this.log.info(`Versioned ${r.dataset} ${i.item} as v${i.version?.version} (${i.version?.hash.slice(0, 10)})`);
        if (created.length) this.onVersioned(r);
      },
      onError: (dataset, message) => this.failed(dataset, message),
      versionOptions: (dataset) => this.progressFor(dataset),
      catchUp: true,
    });
    this.watcher = watcher;
    const watched = await watcher.start();
    this.log.info(`Watching dataset${watched.length === 1 ? '' : 's'}: ${watched.join(', ') || '(none)'}`);
  }

  /** A versioning's cancel signal; a notification with progress appears once a file proves big. */
  private progressFor(dataset: string) {
    const entry: Versioning = { ctrl: new AbortController() };
    this.active.set(dataset, entry);
    const onProgress = (p: { item: string; bytes: number; total: number }) => {
      if (!entry.report && p.total >= BIG_FILE_BYTES) entry.report = showProgress(p.item, entry);
      entry.report?.(p.bytes, p.total);
    };
    return { signal: entry.ctrl.signal, onProgress, offThreadBytes: OFF_THREAD_BYTES };
  }

  private done(dataset: string): void {
    this.active.get(dataset)?.finish?.();
    this.active.delete(dataset);
  }

  private failed(dataset: string, message: string): void {
    const entry = this.active.get(dataset);
    this.done(dataset);
    if (entry?.ctrl.signal.aborted) {
      this.log.info(`Versioning ${dataset} cancelled; it is versioned on its next change or with Version Now.`);
      return;
    }
    this.log.warn(message);
    // A watch failure (inotify limit) is shown once per dataset; a failed versioning each time.
    const isWatchFailure = /Cannot watch|Watching dataset/.test(message);
    if (isWatchFailure && this.warned.has(dataset)) return;
    if (isWatchFailure) this.warned.add(dataset);
    void vscode.window.showWarningMessage(`MLOps: ${message}`, 'Version Now').then((pick) => {
      if (pick) void executeCommand('mlops.versionNow', dataset);
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const e of this.active.values()) e.ctrl.abort();
    void this.watcher?.close();
  }
}
