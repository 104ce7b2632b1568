import * as vscode from 'vscode';
import type { CommandRegistry } from '../commands/registry';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { PeriodicPull } from './periodicPull';
import { countsText } from '../../core/team/syncWords';
import { teamSetup } from './teamSetup';
import { TeamStatusBar, tooltip } from './teamStatusBar';
import { TeamSync } from './teamSync';

/** What the test API reads of the team features. */
export interface TeamFeatures {
  statusText(): string | undefined;
  /** Resolves with the status bar's text after its next refresh. */
  nextStatus(): Promise<string | undefined>;
  pullInterval(): number;
}

/** Push, Pull, Show Team Status, the status bar item and the periodic pull (docs/teams.md). */
export function registerTeam(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): TeamFeatures {
  const sync = new TeamSync(state, log);
  const bar = new TeamStatusBar(state, log);
  const periodic = new PeriodicPull(state, sync);
  context.subscriptions.push(sync, bar, periodic, sync.onDidFinish(() => void bar.refresh()));

  commands.register('mlops.push', ({ root }) => sync.command('push', root));
  commands.register('mlops.pull', ({ root }) => sync.command('pull', root));
  commands.register('mlops.showTeamStatus', async () => {
    await bar.refresh();
    const setup = teamSetup(state.config.config);
    const status = bar.last;
    const text = status
      ? `${status.team}: to push ${countsText(status.ahead).join(', ') || 'nothing'}; to pull ${status.behind} change${status.behind === 1 ? '' : 's'}.`
      : `${bar.text ?? 'No team store or remote configured'}${setup.display ? ` (${setup.display})` : ''}.`;
    if (status) log.info(`Team status:\n${tooltip(status, setup.remotes)}`);
    const action = await vscode.window.showInformationMessage(`MLOps: ${text}`, 'Push', 'Pull');
    if (action) void vscode.commands.executeCommand(action === 'Push' ? 'mlops.push' : 'mlops.pull');
    return text;
  });
  commands.register('mlops.teamSyncMenu', async () => {
    const items = [
      { label: '$(cloud-upload) Push', command: 'mlops.push', detail: 'Send this workspace\'s runs, versions and objects to the team' },
      { label: '$(cloud-download) Pull', command: 'mlops.pull', detail: 'Bring in what teammates pushed' },
      { label: '$(info) Show Team Status', command: 'mlops.showTeamStatus', detail: 'What is ahead and behind, and the team store' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'MLOps Team Sync' });
    if (pick) await vscode.commands.executeCommand(pick.command);
  });

  return {
    statusText: () => bar.text,
    nextStatus: () => new Promise((resolve) => {
      const once = bar.onDidUpdate((t) => {
        once.dispose();
        resolve(t);
      });
    }),
    pullInterval: () => periodic.interval,
  };
}
