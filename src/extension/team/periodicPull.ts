import type * as vscode from 'vscode';
import type { WorkbenchState } from '../workbenchState';
import type { TeamSync } from './teamSync';

/**
 * mlops.json's team.pullInterval (minutes; 0 or absent: off): a pull in the background on that beat.
 * TeamSync skips a turn while another sync runs, and logs failures instead of interrupting the user.
 */
export class PeriodicPull implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private minutes = 0;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly state: WorkbenchState,
    private readonly sync: TeamSync,
  ) {
    this.subscription = state.onDidChange(() => this.configure());
    this.configure();
  }

  /** The interval in effect, in minutes (0: off). */
  get interval(): number {
    return this.minutes;
  }

  private configure(): void {
    const raw = this.state.config.config.team?.pullInterval;
    const minutes = typeof raw === 'number' && Number.isFinite(raw) && raw > 0 ? raw : 0;
    if (minutes === this.minutes) return;
    this.minutes = minutes;
    clearInterval(this.timer);
    this.timer = undefined;
    const root = this.state.root;
    if (minutes && root) this.timer = setInterval(() => void this.sync.background(root), minutes * 60_000);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
  }
}
