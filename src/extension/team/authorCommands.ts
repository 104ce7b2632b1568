import * as vscode from 'vscode';
import { runAuthorship } from '../../core/tracking/runAuthorship';
import type { CommandRegistry } from '../commands/registry';
import type { WorkbenchState } from '../workbenchState';
import { authorName, resolvedAuthor, type RunAuthorFilter } from './runAuthorFilter';

const EVERYONE = 'Everyone';

/** The authors of the runs in the store, each with how many runs, this workspace's actor first. */
export function runAuthorCounts(state: WorkbenchState): Map<string, number> {
  const store = state.existingStore();
  const counts = new Map<string, number>();
  if (state.root) counts.set(resolvedAuthor(state.root, undefined), 0);
  if (!store) return counts;
  for (const who of runAuthorship(store).values()) {
    const author = resolvedAuthor(state.root, who);
    counts.set(author, (counts.get(author) ?? 0) + 1);
  }
  return counts;
}

/**
 * Filter Runs by Author... (a quick pick of the store's authors and Everyone; code may pass the
 * author, or 'Everyone') and Clear Author Filter. Resolves to the author now shown, '' for everyone.
 */
export function registerAuthorCommands(commands: CommandRegistry, state: WorkbenchState, filter: RunAuthorFilter): void {
  commands.register('mlops.filterRunsByAuthor', async ({ target }) => {
    let chosen = typeof target === 'string' ? target : undefined;
    if (chosen === undefined) {
      const counts = runAuthorCounts(state);
      const items: vscode.QuickPickItem[] = [
        { label: EVERYONE, description: `${[...counts.values()].reduce((a, b) => a + b, 0)} runs`, picked: filter.author === undefined },
        ...[...counts].map(([author, n]) => ({ label: authorName(author), description: `${author} · ${n} run${n === 1 ? '' : 's'}`, detail: undefined, author, picked: filter.author === author })),
      ];
      const pick = await vscode.window.showQuickPick(items, { title: 'Show the runs of', placeHolder: filter.author ? `Now: ${filter.author}` : 'Now: everyone' });
      if (!pick) return undefined;
      chosen = (pick as { author?: string }).author ?? EVERYONE;
    }
    await filter.set(chosen === EVERYONE ? undefined : chosen);
    return filter.author ?? '';
  });
  commands.register('mlops.clearRunsAuthorFilter', async () => {
    await filter.set(undefined);
    return '';
  });
}
