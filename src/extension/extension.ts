import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE } from '../core/config/loadConfig';
import type { ConfigProblem } from '../core/config/types';
import { registerCompare } from './commands/compareRuns';
import { doctorCommand } from './commands/doctor';
import { initWorkspaceCommand } from './commands/initWorkspace';
import { CommandRegistry, executeCommand } from './commands/registry';
import { ConfigFeedback } from './configFeedback';
import { Log } from './log';
import { MetricsPanel } from './panels/metricsPanel';
import { OverviewPanel } from './panels/overviewPanel';
import { registerPythonHelper } from './commands/pythonHelper';
import { registerRunCommands } from './commands/runCommands';
import { registerValidateData } from './quality/validateData';
import { registerSuggestExpectations } from './quality/suggestExpectations';
import { registerShowProfile } from './quality/showProfile';
import { registerDriftCommands } from './commands/driftCommands';
import { registerShowMetrics } from './commands/showMetrics';
import { RunCodeLens } from './runs/runCodeLens';
import { runStatusBar } from './runs/runStatusBar';
import { contributeTerminalEnvironment } from './terminalEnvironment';
import { MonitorsTree } from './views/monitorsTree';
import { RunsTree } from './views/runsTree';
import { settledSelection } from './views/settledSelection';
import { registerDatasets } from './data/registerDatasets';
import { registerMonitors } from './monitors/monitorCommands';
import { registerModels } from './models/registerModels';
import { auditShown, registerAudit } from './commands/auditCommands';
import { registerCompareVersions } from './commands/compareVersions';
import { lineageOpened, lineageShown, registerLineage } from './commands/lineageCommands';
import type { AuditShown } from './panels/auditLogPanel';
import type { LineageShown } from './panels/lineagePanel';
import type { ModelRow } from './views/modelsTree';
import type { DatasetRow } from './views/datasetsTree';
import { WorkbenchState } from './workbenchState';
import { registerAuthorCommands } from './team/authorCommands';
import { authorName, RunAuthorFilter } from './team/runAuthorFilter';
import { registerTeam } from './team/registerTeam';
import { registerPipelines } from './pipelines/registerPipelines';
import type { DagShown } from './pipelines/dagPanel';
import type { TreeRow } from './views/treeProvider';

/** What activate() returns: a small, stable surface the extension-host tests read. */
export interface WorkbenchApi {
  workspaceRoot(): string | undefined;
  configProblems(): ConfigProblem[];
  storeIsOpen(): boolean;
  /** Names of the run configs in the loaded mlops.json. */
  configRuns(): string[];
  /** The Datasets tree's rows (datasets, items, versions) as shown: label, description, icon, tooltip. */
  datasetRows(): DatasetRow[];
  /** When the Datasets view next redraws its relative ages (a timestamp); undefined while it is hidden or shows no version. */
  datasetAgeRefreshDue(): number | undefined;
  /** Resolves once the Datasets view has redrawn because an age it shows went stale. */
  nextDatasetAgeRedraw(): Promise<void>;
  /** Store changes notified to the views since activation: the extension's own writes and, debounced, others'. */
  storeChanges(): number;
  /** Resolves with the new count at the next store change notified. */
  nextStoreChange(): Promise<number>;
  /** The Runs tree's rows (experiments, runs, artifacts) as shown, with the author filter applied. */
  runRows(): DatasetRow[];
  /** The Models tree's rows (models, versions, lineage) as shown, expanded all the way. */
  modelRows(): ModelRow[];
  /** The team status bar's text (undefined while hidden), and its text after the next refresh. */
  teamStatus(): string | undefined;
  nextTeamStatus(): Promise<string | undefined>;
  /** The running-runs status bar's text ("1 run · about $0.42 so far"); undefined while it is hidden. */
  runStatus(): string | undefined;
  /** The champion status bar's text; undefined while it is hidden. */
  championStatus(): string | undefined;
  /** The open Lineage panel's graph (or why it has none), and the node ids opened from it. */
  lineageShown(): LineageShown | undefined;
  lineageOpened(): readonly string[];
  /** The open Audit Log panel's filter, page and verification. */
  auditShown(): AuditShown | undefined;
  /** The Pipelines view's rows (pipelines, their stages) as shown, and a promise of its next redraw. */
  pipelineRows(): TreeRow[];
  nextPipelinesRedraw(): Promise<void>;
  /** Resolves once no pipeline status recompute is pending (after a save, a store change). */
  pipelinesSettled(): Promise<void>;
  /** The open pipeline DAG panel's graph (or why it has none), and the stages revealed from it. */
  dagShown(): DagShown | undefined;
  /** Drift alerts open now, as the status bar counts them. */
  openAlerts(): number;
  /** The run ids the Metrics panel shows, and which column it is in; undefined while it is closed. */
  metricsShown(): { runIds: string[]; viewColumn: number | undefined } | undefined;
  /** How often run terminals write now, in ms (slower while a Metrics panel shows a running run). */
  terminalFlushMs(): number;
  /** Resolves once the work a store or config change started in the background has ended: the dataset watcher's restart, validations of new versions, monitor checks. */
  settled(): Promise<void>;
  activationMs: number;
}

/** The folder holding mlops.json, else the first one: MLOps Workbench works on one root. */
function pickRoot(): string | undefined {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const withConfig = folders.find((f) => fs.existsSync(path.join(f.uri.fsPath, CONFIG_FILE)));
  return (withConfig ?? folders[0])?.uri.fsPath;
}

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const started = performance.now();
  const log = new Log();
  const root = pickRoot();
  const state = new WorkbenchState(root, log);
  const status = vscode.window.createStatusBarItem('mlops.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'MLOps Workbench';
  const feedback = new ConfigFeedback(log, status);
  context.subscriptions.push(log, state, status, feedback);
  const commands = new CommandRegistry(context, state, log);

  const authorFilter = new RunAuthorFilter(context.workspaceState);
  context.subscriptions.push(authorFilter);
  const runsTree = new RunsTree(state, log, authorFilter);
  const trees = {
    'mlops.runs': runsTree,
    'mlops.monitors': new MonitorsTree(state, log),
  };
  for (const [id, provider] of Object.entries(trees)) {
    const runs = id === 'mlops.runs';
    const view = vscode.window.createTreeView<unknown>(id, { treeDataProvider: provider, showCollapseAll: runs, canSelectMany: runs });
    context.subscriptions.push(provider, view);
    if (runs) {
      // While the author filter is on, the view's title says whose runs it shows.
      const describe = () => (view.description = authorFilter.author ? `by ${authorName(authorFilter.author)}` : undefined);
      describe();
      context.subscriptions.push(authorFilter.onDidChange(describe));
      commands.register('mlops.showSelectedRunMetrics', async () => executeCommand('mlops.showMetrics', undefined, await settledSelection(view)));
    }
  }

  commands.register('mlops.initWorkspace', ({ root }) => initWorkspaceCommand(root, state, log));
  commands.register('mlops.showOverview', () => void OverviewPanel.show(context.extensionUri, state, log));
  commands.register('mlops.refresh', () => void state.reloadConfig());
  commands.register('mlops.openConfig', async ({ root }) => {
    const file = path.join(root, CONFIG_FILE);
    if (!fs.existsSync(file)) return executeCommand('mlops.initWorkspace');
    await vscode.window.showTextDocument(vscode.Uri.file(file));
  });
  commands.register('mlops.doctor', ({ root }) => doctorCommand(root, log));
  commands.register('mlops.showOutput', () => log.channel.show());

  // Feature registrations, one line each (register<Feature>(commands, context, state, log)):
  registerValidateData(commands, context, state, log);
  registerSuggestExpectations(commands, context, state, log);
  registerShowProfile(commands, context, state, log);
  registerDriftCommands(commands, context, state, log);
  const runController = registerRunCommands(commands, context, state, log);
  const runStatus = runStatusBar(state, runController);
  context.subscriptions.push(
    runStatus,
    vscode.languages.registerCodeLensProvider({ pattern: '**/mlops.json' }, new RunCodeLens(state)),
  );
  registerCompare(commands, context, state, log);
  registerPythonHelper(commands, context, log);
  registerShowMetrics(commands, context, state, log);
  const datasets = registerDatasets(commands, context, state, log);
  // Before the monitors: a monitor's Retrain that names a pipeline runs through its runner.
  const pipelines = registerPipelines(commands, context, state, log);
  const monitors = registerMonitors(commands, context, state, log, runController, pipelines.runner);
  const models = registerModels(commands, context, state, log);
  registerLineage(commands, context, state, log);
  registerAudit(commands, context, state, log);
  registerCompareVersions(commands, context, state, log);
  registerAuthorCommands(commands, state, authorFilter);
  const team = registerTeam(commands, context, state, log);

  contributeTerminalEnvironment(context);
  void vscode.commands.executeCommand('setContext', 'mlops.active', true);

  if (root) {
    const hasConfig = fs.existsSync(path.join(root, CONFIG_FILE));
    void vscode.commands.executeCommand('setContext', 'mlops.hasConfig', hasConfig);
    watchWorkspace(context, root, state, feedback);
    // Validating mlops.json compiles the schema: done just after activation, not during it.
    setImmediate(() => feedback.show(state.config));
  } else {
    void vscode.commands.executeCommand('setContext', 'mlops.hasConfig', false);
    feedback.show(state.config);
  }

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms${root ? ` for ${root}` : ' (no folder open)'}`);
  return {
    workspaceRoot: () => state.root,
    configProblems: () => state.config.problems,
    storeIsOpen: () => state.storeIsOpen(),
    configRuns: () => Object.keys(state.config.config.runs),
    datasetRows: () => datasets.rows(),
    datasetAgeRefreshDue: () => datasets.ageRefreshDue(),
    nextDatasetAgeRedraw: () => datasets.nextAgeRedraw(),
    storeChanges: () => state.storeChangeCount,
    nextStoreChange: () => state.nextStoreChange(),
    runRows: () => runsTree.rows(),
    modelRows: () => models.rows(),
    runStatus: () => runStatus.text(),
    championStatus: () => models.championText(),
    teamStatus: () => team.statusText(),
    nextTeamStatus: () => team.nextStatus(),
    lineageShown,
    lineageOpened,
    auditShown,
    pipelineRows: () => pipelines.rows(),
    nextPipelinesRedraw: () => pipelines.nextRedraw(),
    pipelinesSettled: () => pipelines.settled(),
    dagShown: () => pipelines.dagShown(),
    openAlerts: () => monitors.openAlerts(),
    metricsShown: () => MetricsPanel.shown(),
    terminalFlushMs: () => state.terminalPace.flushMs,
    settled: () => state.settled(),
    activationMs,
  };
}

function watchWorkspace(context: vscode.ExtensionContext, root: string, state: WorkbenchState, feedback: ConfigFeedback): void {
  const configWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), CONFIG_FILE));
  const onConfig = () => {
    const loaded = state.reloadConfig();
    feedback.show(loaded);
    void vscode.commands.executeCommand('setContext', 'mlops.hasConfig', loaded.exists);
  };
  // The store changes under us when the CLI or a run writes it: refresh views, debounced.
  const storeWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '.mlops/store.db*'));
  let timer: NodeJS.Timeout | undefined;
  const onStore = () => {
    clearTimeout(timer);
    timer = setTimeout(() => state.notifyStoreChanged(), 300);
  };
  context.subscriptions.push(
    configWatcher,
    configWatcher.onDidChange(onConfig),
    configWatcher.onDidCreate(onConfig),
    configWatcher.onDidDelete(onConfig),
    storeWatcher,
    storeWatcher.onDidChange(onStore),
    storeWatcher.onDidCreate(onStore),
    { dispose: () => clearTimeout(timer) },
  );
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the store closes with WorkbenchState.
}
