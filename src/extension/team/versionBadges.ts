import * as vscode from 'vscode';
import { versionSharing } from '../../core/team/versionSharing';
import type { WorkbenchState } from '../workbenchState';
import { teamSetup } from './teamSetup';

/**
 * Marks a version row of the Datasets or Models view for a team: "v3 (local)" while its number is
 * provisional (a team store is configured and it was never pushed), a cloud icon and "on remote"
 * while its object is only on the remote (Restore / Download fetch it). Without a team store or a
 * remote nothing changes.
 */
export function markVersion(item: vscode.TreeItem, state: WorkbenchState, kind: 'dataset' | 'model', id: number): void {
  const setup = teamSetup(state.config.config);
  const store = state.existingStore();
  if (!state.root || !store || (!setup.database && !setup.remotes.length)) return;
  const s = versionSharing(store, state.root, kind, id);
  if (!s) return;
  const notes: string[] = [];
  if (s.local && setup.database) {
    item.label = `${typeof item.label === 'string' ? item.label : (item.label?.label ?? '')} (local)`;
    notes.push('Local number: not pushed yet. The team store gives this version its number when you push.');
  }
  if (s.teammate) notes.push(`By ${s.teammate} (pulled from the team store).`);
  if (s.remoteOnly) {
    item.iconPath = new vscode.ThemeIcon('cloud');
    item.description = ['on remote', item.description].filter(Boolean).join(' · ');
    notes.push(`On the remote only: ${kind === 'dataset' ? 'Restore' : 'Download'} fetches it.`);
  }
  if (!notes.length) return;
  const tip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip : new vscode.MarkdownString(typeof item.tooltip === 'string' ? item.tooltip : '');
  tip.appendMarkdown(`\n\n${notes.join(' ')}`);
  item.tooltip = tip;
}
