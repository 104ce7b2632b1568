// Every command the extension registers, with what it needs before it may run. package.json
// contributes exactly these (test/extension/commands.test.ts checks both ways), and the registry
// (registry.ts) takes only these ids, so a misspelt id is a compile error.

/**
 * - `none`: works without a folder (a table file opened on its own can be profiled).
 * - `workspace`: needs the workspace folder (its mlops.json, its .mlops store).
 * - `trust`: also executes or writes what mlops.json defines (runs, dataset files), so it refuses in
 *   an untrusted workspace; its menu entries are hidden there too (`isWorkspaceTrusted`).
 */
export type CommandNeeds = 'none' | 'workspace' | 'trust';

export const COMMANDS = {
  // Workspace
  'mlops.initWorkspace': 'workspace',
  'mlops.showOverview': 'none',
  'mlops.refresh': 'none',
  'mlops.openConfig': 'workspace',
  'mlops.doctor': 'workspace',
  'mlops.showOutput': 'none',
  // Runs
  'mlops.run': 'trust',
  'mlops.runWithParams': 'trust',
  'mlops.sweep': 'trust',
  'mlops.runCurrentFile': 'trust',
  // Runs the workspace's Python interpreter (to find its site-packages) or writes .vscode/settings.json.
  'mlops.makePythonHelperImportable': 'trust',
  'mlops.rerun': 'trust',
  'mlops.stopRun': 'workspace',
  'mlops.openRunOutput': 'workspace',
  'mlops.editNote': 'workspace',
  'mlops.deleteRun': 'workspace',
  'mlops.copyRunId': 'workspace',
  'mlops.showMetrics': 'workspace',
  'mlops.showSelectedRunMetrics': 'workspace',
  'mlops.compareInEditor': 'workspace',
  'mlops.compareRuns': 'workspace',
  'mlops.compareCode': 'workspace',
  // Pipelines: running executes the stages' commands from mlops.json; the graph and a stage's run only read.
  'mlops.runPipeline': 'trust',
  'mlops.runStage': 'trust',
  'mlops.forceRunStage': 'trust',
  'mlops.cancelPipeline': 'workspace',
  'mlops.showPipelineDag': 'workspace',
  'mlops.showStageRun': 'workspace',
  'mlops.showPipelinesDoc': 'none',
  // Datasets
  'mlops.versionNow': 'trust',
  'mlops.restoreVersion': 'trust',
  'mlops.compareVersionWithPrevious': 'workspace',
  'mlops.compareSelectedVersionWithPrevious': 'workspace',
  'mlops.compareVersionWithCurrent': 'workspace',
  'mlops.openVersion': 'workspace',
  'mlops.copyVersionHash': 'workspace',
  'mlops.deleteVersion': 'workspace',
  // Data quality
  'mlops.validateData': 'workspace',
  'mlops.showProfile': 'none',
  'mlops.compareProfileWithPrevious': 'workspace',
  // Drift
  'mlops.compareDriftWith': 'workspace',
  'mlops.suggestExpectations': 'workspace',
  'mlops.applySuggestedExpectations': 'workspace',
  'mlops.discardSuggestedExpectations': 'workspace',
  // Monitors (Check Now writes the store; a check's actions from mlops.json run only when trusted)
  'mlops.openDriftCheck': 'workspace',
  'mlops.retrainFromCheck': 'trust',
  'mlops.checkMonitorNow': 'workspace',
  'mlops.acknowledgeAlert': 'workspace',
  'mlops.snoozeAlert': 'workspace',
  'mlops.resolveAlert': 'workspace',
  // Models. Register and the alias commands write the store only (nothing from mlops.json runs), so
  // they work untrusted like Delete Run; a deploy hook after an alias move runs only when trusted.
  'mlops.registerModel': 'workspace',
  'mlops.setModelAlias': 'workspace',
  'mlops.removeModelAlias': 'workspace',
  'mlops.openModelCard': 'workspace',
  'mlops.downloadModelArtifact': 'workspace',
  'mlops.copyModelRef': 'workspace',
  'mlops.deleteModelVersion': 'workspace',
  'mlops.revealModel': 'workspace',
  // Lineage, Compare Versions and the audit log only read the store.
  'mlops.showLineage': 'workspace',
  'mlops.compareModelVersions': 'workspace',
  'mlops.showAuditLog': 'workspace',
  'mlops.verifyAuditLog': 'workspace',
  // Teams. Push refuses itself in an untrusted workspace when mlops.json names the team store (it
  // would send the store to a server the workspace's own file chose); MLOPS_TEAM_DATABASE is fine.
  'mlops.filterRunsByAuthor': 'workspace',
  'mlops.clearRunsAuthorFilter': 'workspace',
  'mlops.push': 'workspace',
  'mlops.pull': 'workspace',
  'mlops.showTeamStatus': 'workspace',
  'mlops.teamSyncMenu': 'workspace',
} as const satisfies Record<`mlops.${string}`, CommandNeeds>;

export type CommandId = keyof typeof COMMANDS;

/** The commands that need a workspace folder (and so receive its root). */
export type WorkspaceCommandId = { [K in CommandId]: (typeof COMMANDS)[K] extends 'none' ? never : K }[CommandId];

