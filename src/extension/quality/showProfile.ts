import * as vscode from 'vscode';
import type { CommandRegistry } from '../commands/registry';
import type { Log } from '../log';
import { ProfilePanel, type ProfileShown } from '../panels/profilePanel';
import type { WorkbenchState } from '../workbenchState';
import { pickTarget, previousVersion, targetFromArg, type ProfileTarget } from './profileTargets';

/**
 * "MLOps: Show Profile" on a Datasets-tree node, an Explorer file (two selected: side by side), an
 * editor, or from the palette (a pick of the datasets' files and versions); and "Compare Profile
 * with Previous" on a version. Each resolves to the panel's summary (undefined when nothing was shown).
 */
export function registerShowProfile(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): void {
  const show = async (picked: [ProfileTarget, ProfileTarget?] | undefined): Promise<ProfileShown | undefined> =>
    picked && (await ProfilePanel.show(context.extensionUri, state, log, ...picked));

  commands.register('mlops.showProfile', async ({ target, selection, args }) => {
    // The Explorer passes every selected file second: two of them are compared.
    const files = selection.length === 2 && selection.every((u) => u instanceof vscode.Uri) ? (selection as vscode.Uri[]) : undefined;
    if (files) return show([(await targetFromArg(state, files[0]))!, await targetFromArg(state, files[1])]);
    const first = target === undefined ? await pickTarget(state) : ((await targetFromArg(state, target)) ?? (await pickTarget(state)));
    // Code may pass a second target to compare with; a menu passes a selection list or an editor reference (no target).
    const second = args[1];
    const compare = second === undefined || Array.isArray(second) ? undefined : await targetFromArg(state, second);
    return show(first && [first, compare]);
  });
  commands.register('mlops.compareProfileWithPrevious', async ({ target }) => {
    const version = await targetFromArg(state, target);
    if (version?.kind !== 'version') throw new Error('Compare Profile with Previous works on a dataset version: right-click one in the Datasets view.');
    const previous = previousVersion(state, version.version);
    if (!previous) void vscode.window.showInformationMessage(`MLOps: v${version.version.version} is the first version of ${version.version.item}: its profile is shown alone.`);
    return show([version, previous && { kind: 'version', version: previous }]);
  });
}
