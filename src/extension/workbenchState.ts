import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { loadConfig, type LoadedConfig } from '../core/config/loadConfig';
import { emptyConfig } from '../core/config/types';
import { Store, storeExists } from '../core/store/store';
import type { Log } from './log';

/**
 * What the extension knows about the open workspace: its root, its mlops.json (reloaded on change)
 * and the store, opened on first use only so activation stays fast.
 */
export class WorkbenchState implements vscode.Disposable {
  private store: Store | undefined;
  private storeIno = 0;
  private loaded: LoadedConfig | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when mlops.json or the store's content may have changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly root: string | undefined,
    private readonly log: Log,
  ) {}

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
    this.changed.fire();
  }


  dispose(): void {
    this.store?.close();
    this.store = undefined;
    this.changed.dispose();
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
