import * as vscode from 'vscode';
import { errorText } from '../commands/guarded';
import type { Log } from '../log';
import { ProfilePanel, type ProfileShown } from '../panels/profilePanel';
import type { DatasetNode } from '../views/datasetsTree';
import type { WorkbenchState } from '../workbenchState';
import { pickTarget, previousVersion, targetFromArg, type ProfileTarget } from './profileTargets';

/**
 * "MLOps: Show Profile" on a Datasets-tree node, an Explorer file (two selected: side by side), an
 * editor, or from the palette (a pick of the datasets' files and versions); and "Compare Profile
 * with Previous" on a version. Each resolves to the panel's summary (undefined when nothing was shown).
 */
export function registerShowProfile(context: vscode.ExtensionContext, state: WorkbenchState, log: Log): void {
  const show = async (pickOne: () => Promise<[ProfileTarget, ProfileTarget?] | undefined>): Promise<ProfileShown | undefined> => {
    try {
      const picked = await pickOne();
      return picked && (await ProfilePanel.show(context.extensionUri, state, log, ...picked));
    } catch (err) {
      log.error('Show Profile failed', err);
      void vscode.window.showErrorMessage(`MLOps: ${errorText(err)}`);
      return undefined;
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('mlops.showProfile', (arg?: unknown, second?: unknown) =>
      show(async () => {
        // The Explorer passes every selected file second: two of them are compared.
        const selected = Array.isArray(second) && second.length === 2 && second.every((u) => u instanceof vscode.Uri) ? (second as vscode.Uri[]) : undefined;
        if (selected) return [(await targetFromArg(state, selected[0]))!, await targetFromArg(state, selected[1])];
        const target = arg === undefined ? await pickTarget(state) : ((await targetFromArg(state, arg)) ?? (await pickTarget(state)));
        const compare = second === undefined || selected ? undefined : await targetFromArg(state, second);
        return target && [target, compare];
      }),
    ),
    vscode.commands.registerCommand('mlops.compareProfileWithPrevious', (arg?: DatasetNode) =>
      show(async () => {
        const target = await targetFromArg(state, arg);
        if (target?.kind !== 'version') throw new Error('Compare Profile with Previous works on a dataset version: right-click one in the Datasets view.');
        const previous = previousVersion(state, target.version);
        if (!previous) void vscode.window.showInformationMessage(`MLOps: v${target.version.version} is the first version of ${target.version.item}: its profile is shown alone.`);
        return [target, previous && { kind: 'version', version: previous }];
      }),
    ),
  );
}
