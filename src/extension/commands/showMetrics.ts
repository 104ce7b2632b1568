import * as vscode from 'vscode';
import type { Log } from '../log';
import { MetricsPanel } from '../panels/metricsPanel';
import type { WorkbenchState } from '../workbenchState';
import { runsFromArgs } from './pickRuns';
import type { CommandRegistry } from './registry';

/** "MLOps: Show Metrics" for the selected runs (tree selection, run ids, or a quick pick). */
export function registerShowMetrics(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): void {
  commands.register('mlops.showMetrics', async (input) => {
    const ids = await runsFromArgs(state, input.selection, { min: 1, title: 'Show Metrics' });
    if (ids) MetricsPanel.show(context.extensionUri, state, log, ids);
  });
  context.subscriptions.push(
    // After a window reload VS Code hands back the open panel with the webview's saved state.
    vscode.window.registerWebviewPanelSerializer(MetricsPanel.viewType, {
      async deserializeWebviewPanel(panel, saved: unknown) {
        const runIds = (saved as { runIds?: unknown } | undefined)?.runIds;
        const ids = Array.isArray(runIds) ? runIds.filter((id): id is string => typeof id === 'string') : [];
        MetricsPanel.revive(panel, context.extensionUri, state, log, ids);
      },
    }),
  );
}
