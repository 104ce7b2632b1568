import * as vscode from 'vscode';
import { pullAll, pushAll } from '../../core/team/sync';
import { SyncCancelledError, type PullReport, type PushReport, type SyncProgress } from '../../core/team/syncTypes';
import { TeamAccessError } from '../../core/team/types';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { aliasConflictText, progressText, pullSummary, pushSummary } from './syncSummary';
import { syncConfigured, teamSetup, untrustedReason } from './teamSetup';

export type SyncKind = 'push' | 'pull';

const roleFix: Record<TeamAccessError['needed'], string> = {
  mlops_reader: 'to pull, your database user needs the reader role (mlops team grant USER reader)',
  mlops_writer: 'to push, your database user needs the writer role (mlops team grant USER writer)',
  mlops_release: 'moving a protected alias needs the release role (mlops team grant USER release)',
};

/**
 * Push and Pull, one at a time: a command waits for the sync running (a periodic pull), and the
 * periodic pull skips a turn while one runs. After each sync the views and the status bar redraw.
 */
export class TeamSync implements vscode.Disposable {
  private running: Promise<unknown> | undefined;
  private readonly finished = new vscode.EventEmitter<SyncKind>();
  /** Fires after a push or pull ends, however it ended. */
  readonly onDidFinish = this.finished.event;

  constructor(
    private readonly state: WorkbenchState,
    private readonly log: Log,
  ) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** The Push / Pull command: progress in a cancellable notification, the summary in a message. */
  async command(kind: SyncKind, root: string): Promise<PushReport | PullReport | undefined> {
    const setup = teamSetup(this.state.config.config);
    const title = kind === 'push' ? 'Push' : 'Pull';
    if (!syncConfigured(setup)) {
      throw new Error(`${title}: nothing to sync with. Add "remotes" (where objects go) and "team": {"database": "postgresql://host/db"} to mlops.json, or set MLOPS_TEAM_DATABASE.`);
    }
    const untrusted = untrustedReason(setup);
    if (untrusted) {
      this.log.info(`${title}: refused, the workspace is not trusted and ${untrusted}.`);
      void vscode.window
        .showWarningMessage(`MLOps: this workspace is not trusted, and ${untrusted}: ${title} would connect to it. Trust the workspace to ${kind}.`, 'Manage Workspace Trust')
        .then((a) => a && vscode.commands.executeCommand('workbench.trust.manage'));
      return undefined;
    }
    while (this.running) await this.running.catch(() => undefined);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `MLOps: ${title}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        let last = 0;
        const onProgress = (p: SyncProgress) => {
          // A notification redrawn more than a few times a second only costs.
          if (Date.now() - last < 200) return;
          last = Date.now();
          progress.report({ message: progressText(p) });
        };
        try {
          const report = await this.sync(kind, root, abort.signal, onProgress);
          this.announce(kind, report);
          return report;
        } catch (err) {
          if (err instanceof SyncCancelledError) {
            void vscode.window.showInformationMessage(`MLOps: ${title} ${err.message}.`);
            return undefined;
          }
          if (err instanceof TeamAccessError) {
            this.log.warn(`${title} refused: ${err.message}`);
            void vscode.window.showWarningMessage(`MLOps: ${title} refused by the team store: ${roleFix[err.needed]}. ${err.message}`);
            return undefined;
          }
          throw err;
        } finally {
          cancel.dispose();
        }
      },
    );
  }

  /** The periodic pull: in the background, errors to the Output channel; skipped while a sync runs. */
  async background(root: string): Promise<PullReport | undefined> {
    if (this.running) return undefined;
    const setup = teamSetup(this.state.config.config);
    if (!syncConfigured(setup) || untrustedReason(setup)) return undefined;
    try {
      const report = (await this.sync('pull', root)) as PullReport;
      const { text, notes } = pullSummary(report);
      this.log.info(`Periodic pull: ${text}${notes.length ? ` ${notes.join('; ')}` : ''}`);
      return report;
    } catch (err) {
      this.log.error('Periodic pull failed', err);
      return undefined;
    }
  }

  private async sync(kind: SyncKind, root: string, signal?: AbortSignal, onProgress?: (p: SyncProgress) => void): Promise<PushReport | PullReport> {
    const store = this.state.openStore();
    const config = this.state.config.config;
    const work: Promise<PushReport | PullReport> = kind === 'push' ? pushAll(store, root, config, { signal, onProgress }) : pullAll(store, root, config, { signal, onProgress });
    this.running = work;
    try {
      return await this.state.track(work);
    } finally {
      this.running = undefined;
      this.state.notifyStoreChanged();
      this.finished.fire(kind);
    }
  }

  private announce(kind: SyncKind, report: PushReport | PullReport): void {
    const { text, notes } = kind === 'push' ? pushSummary(report as PushReport) : pullSummary(report as PullReport);
    this.log.info(`${kind === 'push' ? 'Push' : 'Pull'}: ${text}`);
    for (const n of notes) this.log.warn(n);
    void vscode.window.showInformationMessage(`MLOps: ${text}${notes.length ? ` (${notes.length} not done: see the Output)` : ''}`);
    const records = (report as PushReport).records;
    if ('aliasConflicts' in records) {
      for (const c of records.aliasConflicts) {
        const line = aliasConflictText(c);
        this.log.warn(line);
        void vscode.window.showWarningMessage(`MLOps: ${line}`, 'Pull').then((a) => a && vscode.commands.executeCommand('mlops.pull'));
      }
    }
  }

  dispose(): void {
    this.finished.dispose();
  }
}
