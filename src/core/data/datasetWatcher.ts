import * as path from 'node:path';
import type { FSWatcher } from 'chokidar' with { 'resolution-mode': 'import' };
import type { MlopsConfig } from '../config/types';
import type { Store } from '../store/store';
import { resolveDataset } from './datasetItems';
import { versionedItems } from './datasetVersions';
import { versionDataset, type VersionOptions, type VersionResult } from './versionDataset';
import { globBase, globRegex, isIgnoredDir, toRel } from './workspacePaths';

export interface WatcherOptions {
  /** Quiet time after the last event before a dataset is versioned. */
  debounceMs?: number;
  /** A file must keep its size this long before it counts as written (no half-written versions). */
  stableMs?: number;
  onVersioned?: (result: VersionResult) => void;
  /** A dataset that cannot be watched or versioned; `message` says what to do. */
  onError?: (dataset: string, message: string) => void;
  /** Per versioning: a signal to cancel it and progress of big files (the extension shows both). */
  versionOptions?: (dataset: string) => Pick<VersionOptions, 'signal' | 'onProgress' | 'offThreadBytes'>;
  /** Once watching, also version datasets that already have versions (catching up on changes made
   * while nothing watched, e.g. with the editor closed); a change equal to the latest adds nothing. */
  catchUp?: boolean;
}

/** The message for a watcher failure, with the fix; ENOSPC is Linux's inotify watch limit. */
export function watchErrorMessage(dataset: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOSPC') {
    return (
      `Cannot watch dataset "${dataset}": the system's limit of file watches (inotify) is reached. Raise it with ` +
      '`echo fs.inotify.max_user_watches=524288 | sudo tee /etc/sysctl.d/60-mlops.conf && sudo sysctl --system`. ' +
      'Until then `mlops data version` (or Version Now) still versions on demand.'
    );
  }
  if (err.code === 'EMFILE') return `Cannot watch dataset "${dataset}": too many open files. Raise the limit (\`ulimit -n 65536\`), or version on demand with \`mlops data version\`.`;
  return `Watching dataset "${dataset}" failed: ${err.message}. \`mlops data version\` still versions on demand.`;
}

/**
 * Watches the declared paths of datasets (never the whole workspace; .git, node_modules, .mlops and
 * virtualenvs are always ignored) and versions a dataset (source "watch") once its files have
 * stopped changing. Used by `mlops data watch` and the extension alike.
 */
export class DatasetWatcher {
  private watchers: FSWatcher[] = [];
  private timers = new Map<string, NodeJS.Timeout>();
  private running = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly root: string,
    private readonly config: MlopsConfig,
    private readonly opts: WatcherOptions = {},
  ) {}

  /** Starts watching; resolves once every watcher has done its initial scan. */
  async start(): Promise<string[]> {
    const { watch } = await import('chokidar');
    const watched: string[] = [];
    for (const [name, d] of Object.entries(this.config.datasets)) {
      if (d.watch === false) continue;
      let target: { dir: string; ignored: (p: string, stats?: { isFile(): boolean; isDirectory(): boolean }) => boolean; depth?: number };
      try {
        target = this.targetOf(name);
      } catch (err) {
        this.opts.onError?.(name, (err as Error).message);
        continue;
      }
      const w = watch(target.dir, {
        ignoreInitial: true,
        ignored: target.ignored,
        depth: target.depth,
        awaitWriteFinish: { stabilityThreshold: this.opts.stableMs ?? 1000, pollInterval: Math.min(100, this.opts.stableMs ?? 100) },
      });
      w.on('all', () => this.schedule(name));
      w.on('error', (err) => this.opts.onError?.(name, watchErrorMessage(name, err as NodeJS.ErrnoException)));
      await new Promise<void>((resolve) => w.once('ready', () => resolve()));
      this.watchers.push(w);
      watched.push(name);
      if (this.opts.catchUp && versionedItems(this.store, name).length) this.schedule(name);
    }
    return watched;
  }

  private targetOf(name: string) {
    const resolved = resolveDataset(this.root, this.config, name); // refuses paths outside the workspace
    const declared = resolved.declared.split(path.sep).join('/').replace(/^\.\//, '');
    const ignoredDir = (p: string) => p !== this.root && isIgnoredDir(p);
    if (resolved.shape === 'glob') {
      const re = globRegex(toRel(this.root, path.resolve(this.root, declared)));
      const dir = path.resolve(this.root, globBase(declared));
      return { dir, ignored: (p: string, st?: { isFile(): boolean }) => ignoredDir(p) || (!!st?.isFile() && !re.test(toRel(this.root, p))) };
    }
    const abs = resolved.items[0].abs;
    if (resolved.shape === 'directory') return { dir: abs, ignored: ignoredDir };
    // A file: watch its folder (so a file created later, or replaced by rename, is seen), only it.
    const dir = path.dirname(abs);
    return { dir, depth: 0, ignored: (p: string) => p !== dir && p !== abs };
  }

  private schedule(name: string): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(name));
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        // One versioning per dataset at a time; a change meanwhile schedules another after it.
        const prev = this.running.get(name) ?? Promise.resolve();
        const next = prev.then(() => this.version(name));
        this.running.set(name, next);
      }, this.opts.debounceMs ?? 300),
    );
  }

  private async version(name: string): Promise<void> {
    if (this.closed) return;
    try {
      const r = await versionDataset(this.store, this.root, this.config, name, { ...this.opts.versionOptions?.(name), source: 'watch' });
      this.opts.onVersioned?.(r);
    } catch (err) {
      this.opts.onError?.(name, `Versioning dataset "${name}" failed: ${(err as Error).message}`);
    }
  }

  /** Stops watching; waits for a versioning in progress to finish (never leaves one half-done). */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.all(this.watchers.map((w) => w.close()));
    await Promise.all(this.running.values());
  }
}
