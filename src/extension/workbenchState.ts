import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { loadConfig, type LoadedConfig } from '../core/config/loadConfig';
import { emptyConfig } from '../core/config/types';
import { Store, storeExists } from '../core/store/store';
import { HostTiming, subscriberLabel } from './hostTiming';
import type { Log } from './log';
import { TerminalPace } from './runs/terminalPace';

/**
 * Store changes reach onDidChange's listeners at most this often. A streaming run notifies one per
 * batch of events ingested (up to one per epoch, a hundred a second), and each round of listeners
 * sends the workbench updates (trees, status bars, Problems, code lenses) that it handles in order
 * with the Metrics panel's messages, which then waited seconds behind them. The panel itself
 * follows onDidChangeStore, which is not held back.
 */
const VIEWS_INTERVAL_MS = 500;

/**
 * What the extension knows about the open workspace: its root, its mlops.json (reloaded on change)
 * and the store, opened on first use only so activation stays fast.
 */
export class WorkbenchState implements vscode.Disposable {
  private store: Store | undefined;
  private storeIno = 0;
  private loaded: LoadedConfig | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Where the host's time goes (off unless debugging): each listener below is timed under its subscriber's name. */
  readonly timing: HostTiming;
  /** How often run terminals write (slowed while a Metrics panel shows a running run). */
  readonly terminalPace = new TerminalPace();
  /** Fires when mlops.json or the store's content may have changed; for store changes, at most every VIEWS_INTERVAL_MS. */
  readonly onDidChange: vscode.Event<void> = (listener, thisArg, disposables) => {
    const label = subscriberLabel(new Error().stack);
    return this.changed.event(() => this.timing.time(label, () => void listener.call(thisArg)), undefined, disposables);
  };
  private storeChanges = 0;
  private readonly storeChanged = new vscode.EventEmitter<number>();
  /** Fires with the running count of store changes notified, at each one (the API hands both to tests). */
  readonly onDidChangeStore = this.storeChanged.event;
  private viewsNotifiedAt = 0;
  private viewsTimer: NodeJS.Timeout | undefined;
  /** Background work a change started (see track()); settled() waits for it. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    readonly root: string | undefined,
    private readonly log: Log,
  ) {
    this.timing = new HostTiming(log);
  }

  get config(): LoadedConfig {
    if (!this.root) return { file: '', exists: false, config: emptyConfig(), problems: [] };
    this.loaded ??= this.readConfig();
    return this.loaded;
  }

  reloadConfig(): LoadedConfig {
    this.loaded = this.readConfig();
    this.changed.fire();
    return this.loaded;
  }

  storeIsOpen(): boolean {
    return this.store !== undefined;
  }

  /** The store if it exists on disk; viewing never creates .mlops/. */
  existingStore(): Store | undefined {
    this.dropReplacedStore();
    if (this.store) return this.store;
    if (!this.root || !storeExists(this.root)) return undefined;
    return this.openStore();
  }

  openStore(): Store {
    if (!this.root) throw new Error('Open a folder first: MLOps Workbench works on a workspace folder.');
    this.dropReplacedStore();
    if (!this.store) {
      const started = Date.now();
      this.store = Store.open(this.root);
      this.storeIno = fs.statSync(this.store.file).ino;
      this.log.info(`Store opened with ${this.store.driverName} in ${Date.now() - started} ms: ${this.store.file}`);
    }
    return this.store;
  }

  notifyStoreChanged(): void {
    this.timing.count('store changes');
    this.storeChanges++;
    this.storeChanged.fire(this.storeChanges);
    this.notifyViews();
  }

  /** At once after a quiet spell (a one-off write shows without delay), else once at the end of the interval. */
  private notifyViews(): void {
    if (this.viewsTimer) return;
    const fire = () => {
      this.viewsTimer = undefined;
      this.viewsNotifiedAt = Date.now();
      this.changed.fire();
    };
    const wait = this.viewsNotifiedAt + VIEWS_INTERVAL_MS - Date.now();
    if (wait <= 0) return fire();
    // Tracked: settled() waits until the views have heard of every change.
    void this.track(new Promise<void>((resolve) => (this.viewsTimer = setTimeout(() => resolve(fire()), wait))));
  }

  /** How many store changes have been notified since activation. */
  get storeChangeCount(): number {
    return this.storeChanges;
  }

  /** Resolves with the new count at the next store change notified. */
  nextStoreChange(): Promise<number> {
    return new Promise((resolve) => {
      const once = this.storeChanged.event((n) => {
        once.dispose();
        resolve(n);
      });
    });
  }

  /**
   * Registers work that a store or config change started in the background (validating a new
   * version), so settled() can tell when the extension has finished reacting. Returns `work`.
   */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = () => this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  /** Resolves once no tracked work is pending, counting work started by the work awaited. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  dispose(): void {
    clearTimeout(this.viewsTimer);
    this.store?.close();
    this.store = undefined;
    this.changed.dispose();
    this.storeChanged.dispose();
    this.timing.dispose();
  }

  /** .mlops deleted (or recreated) under us: a handle on the old file would write nowhere. */
  private dropReplacedStore(): void {
    if (!this.store) return;
    let replaced = true;
    try {
      replaced = fs.statSync(this.store.file).ino !== this.storeIno;
    } catch {
      /* deleted */
    }
    if (!replaced) return;
    this.log.info(`Store ${this.store.file} was deleted or replaced: reopening it when next needed`);
    this.store.close();
    this.store = undefined;
  }

  private readConfig(): LoadedConfig {
    try {
      return loadConfig(this.root!);
    } catch (err) {
      this.log.error('Could not read mlops.json', err);
      return { file: `${this.root}/mlops.json`, exists: true, config: emptyConfig(), problems: [] };
    }
  }
}
