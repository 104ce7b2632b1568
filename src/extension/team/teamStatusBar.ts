import * as vscode from 'vscode';
import { connectTeam } from '../../core/team/teamConnect';
import { teamDatabaseUrl } from '../../core/team/teamDatabase';
import { teamStatus } from '../../core/team/teamStatus';
import type { TeamStatus } from '../../core/team/types';
import { errorText, type Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { countsText } from '../../core/team/syncWords';
import { syncConfigured, teamSetup, untrustedReason } from './teamSetup';

const EVERY_MS = 60_000;
const DEBOUNCE_MS = 2_000;

/**
 * "$(cloud-upload) 3 $(cloud-download) 2": what this workspace has that the team store lacks, and
 * what a pull would bring. Shown only when a team store or a remote is configured; refreshed after
 * a sync, on store changes (debounced) and every minute. An unreachable team store is said, in the
 * warning colour, never thrown.
 */
export class TeamStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlops.team', vscode.StatusBarAlignment.Left, 9);
  private readonly timer: NodeJS.Timeout;
  private debounce: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private generation = 0;
  /** The last status read, for Show Team Status and tests. */
  last: TeamStatus | undefined;
  private readonly updated = new vscode.EventEmitter<string | undefined>();
  /** Fires with the item's text after each refresh. */
  readonly onDidUpdate = this.updated.event;

  constructor(
    private readonly state: WorkbenchState,
    private readonly log: Log,
  ) {
    this.item.name = 'MLOps Team Sync';
    this.item.command = 'mlops.teamSyncMenu';
    this.timer = setInterval(() => void this.refresh(), EVERY_MS);
    this.subscriptions.push(
      state.onDidChange(() => {
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
    );
    void this.refresh();
  }

  /** The item's text, undefined while hidden. */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  async refresh(): Promise<string | undefined> {
    const generation = ++this.generation;
    const setup = teamSetup(this.state.config.config);
    const store = this.state.existingStore();
    if (!this.state.root || !syncConfigured(setup)) {
      this.hide();
      return this.done(generation);
    }
    const untrusted = untrustedReason(setup);
    if (untrusted) {
      this.show('$(cloud) Team: not trusted', `${untrusted}; trust the workspace to push and pull.`, undefined);
      return this.done(generation);
    }
    if (!store) {
      // Nothing here yet, and looking must not create .mlops/: a pull brings the team's work.
      this.show('$(cloud-download) Pull', `${setup.display ? `Team store: ${setup.display}` : `Remote: ${setup.remotes.join(', ')}`}\nNothing recorded in this workspace yet: Pull brings what the team pushed.`, undefined);
      return this.done(generation);
    }
    if (!setup.database) {
      this.show(`$(cloud) ${setup.remotes.join(', ')}`, `Objects are shared through the remote ${setup.remotes.join(', ')}; no team store (team.database or MLOPS_TEAM_DATABASE), so records stay here. Click to push or pull.`, undefined);
      return this.done(generation);
    }
    try {
      const team = await connectTeam(teamDatabaseUrl(this.state.config.config), { max: 1 });
      let status: TeamStatus;
      try {
        status = await teamStatus(store, team);
      } finally {
        await team.close();
      }
      if (generation !== this.generation) return this.item.text;
      this.last = status;
      const ahead = Object.values(status.ahead).reduce((a, b) => a + b, 0);
      this.show(`$(cloud-upload) ${ahead} $(cloud-download) ${status.behind}`, tooltip(status, setup.remotes), undefined);
    } catch (err) {
      if (generation !== this.generation) return this.item.text;
      this.last = undefined;
      this.log.warn(`Team status: ${errorText(err)}`);
      this.show('$(cloud) Team store unreachable', `${setup.display}: ${errorText(err)}`, new vscode.ThemeColor('statusBarItem.warningBackground'));
    }
    return this.done(generation);
  }

  private done(generation: number): string | undefined {
    const text = this.text;
    if (generation === this.generation) this.updated.fire(text);
    return text;
  }

  private show(text: string, tip: string, background: vscode.ThemeColor | undefined): void {
    this.item.text = text;
    this.item.tooltip = tip;
    this.item.backgroundColor = background;
    this.item.show();
    this.visible = true;
  }

  private hide(): void {
    this.item.hide();
    this.visible = false;
  }

  dispose(): void {
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    for (const s of this.subscriptions) s.dispose();
    this.updated.dispose();
    this.item.dispose();
  }
}

const when = (ms: number | undefined) => (ms ? new Date(ms).toLocaleString() : 'never');

export function tooltip(status: TeamStatus, remotes: string[]): string {
  const ahead = countsText(status.ahead);
  return [
    `Team store: ${status.team}${remotes.length ? ` · remote ${remotes.join(', ')}` : ''}`,
    `To push: ${ahead.length ? ahead.join(', ') : 'nothing'}`,
    `To pull: ${status.behind} change${status.behind === 1 ? '' : 's'}`,
    `Last push: ${when(status.pushedAt)} · last pull: ${when(status.pulledAt)}`,
    'Click to push, pull or show the team status.',
  ].join('\n');
}

