import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Scalar } from '../../core/config/types';
import { deleteRun } from '../../core/tracking/deleteRun';
import { runFolder } from '../../core/tracking/launcher';
import { runAuthorOf } from '../../core/tracking/runAuthorship';
import { getRun, updateRun } from '../../core/tracking/runRecords';
import { shellQuote } from '../../core/tracking/shellQuote';
import type { Log } from '../log';
import { askParams } from '../runs/paramsInput';
import { MetricsPanel } from '../panels/metricsPanel';
import { pythonInterpreter } from '../runs/pythonInterpreter';
import { RunController } from '../runs/runController';
import type { WorkbenchState } from '../workbenchState';
import type { CommandInput } from './commandInput';
import { runsFromArgs } from './pickRuns';
import { executeCommand, type CommandRegistry } from './registry';

async function pickRunConfig(state: WorkbenchState, title: string, withSweep = false): Promise<string | undefined> {
  const runs = Object.entries(state.config.config.runs).filter(([, r]) => !withSweep || r.sweep);
  if (!runs.length) {
    const open = await vscode.window.showInformationMessage(`MLOps: mlops.json defines no run${withSweep ? ' with a "sweep"' : ''} yet.`, 'Open mlops.json');
    if (open) await executeCommand('mlops.openConfig');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map(([name, r]) => ({ label: name, description: r.command, detail: r.description })),
    { title },
  );
  return picked?.label;
}

/** The run config a command names: a name passed by CodeLens or code, an experiment node of the Runs view, or else the user's pick. */
async function configOf(state: WorkbenchState, input: CommandInput, title: string, withSweep = false): Promise<string | undefined> {
  const { target } = input;
  return typeof target === 'string' ? target : ((target as { name?: string } | undefined)?.name ?? (await pickRunConfig(state, title, withSweep)));
}

/** Launch, stop, rerun, annotate and delete runs from the palette, the Runs view and CodeLens. */
export function registerRunCommands(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): RunController {
  const controller = new RunController(state, log, context.extensionPath, (runId) => MetricsPanel.show(context.extensionUri, state, log, [runId], { beside: true }));
  context.subscriptions.push(controller);

  commands.register('mlops.run', async (input) => {
    const name = await configOf(state, input, 'Run which configuration?');
    if (name) controller.runConfig(name);
  });
  commands.register('mlops.runWithParams', async (input) => {
    const name = await configOf(state, input, 'Run which configuration?');
    if (!name) return;
    const overrides = await askParams(context.workspaceState, name, state.config.config.runs[name]?.params ?? {});
    if (overrides) controller.runConfig(name, overrides);
  });
  commands.register('mlops.sweep', async (input) => {
    const name = await configOf(state, input, 'Sweep which configuration?', true);
    if (!name) return;
    const outcomes = await controller.sweep(name);
    const done = outcomes.filter((o) => o.status === 'finished').length;
    void vscode.window.showInformationMessage(`MLOps: sweep of ${name} done: ${done} of ${outcomes.length} runs finished.`, 'Compare Runs').then(
      (a) => a && executeCommand('mlops.compareRuns', outcomes.map((o) => o.runId)),
    );
  });
  commands.register('mlops.runCurrentFile', async ({ uri, root }) => {
    const file = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!file || !file.fsPath.endsWith('.py')) throw new Error('Run Current File runs a Python file: open a .py file first.');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
    if (doc?.isDirty) await doc.save();
    const interpreter = await pythonInterpreter(file);
    controller.runCommand(`${shellQuote(interpreter)} ${shellQuote(path.relative(root, file.fsPath))}`);
  });
  commands.register('mlops.stopRun', async (input) => {
    const ids = await runsFromArgs(state, input.selection, { min: 1, title: 'Stop which runs?' });
    for (const id of ids ?? []) controller.stop(id);
  });
  commands.register('mlops.rerun', async (input) => {
    const ids = await runsFromArgs(state, input.selection, { min: 1, max: 1, title: 'Rerun which run?' });
    const run = ids && getRun(state.openStore(), ids[0]);
    if (!run) return;
    if (state.config.config.runs[run.experiment]) controller.runConfig(run.experiment, run.params as Record<string, Scalar>);
    else controller.runCommand(run.command, run.experiment, run.cwd);
  });
  commands.register('mlops.openRunOutput', async (input) => {
    const ids = await runsFromArgs(state, input.selection, { min: 1, max: 1, title: 'Output of which run?' });
    if (!ids) return;
    const file = path.join(runFolder(input.root, ids[0]), 'output.log');
    if (!fs.existsSync(file)) {
      // A teammate's run (pulled from the team store) brings its records, not its console output.
      const who = runAuthorOf(state.openStore(), ids[0]);
      const name = getRun(state.openStore(), ids[0])?.name ?? ids[0];
      const text = who?.origin === 'team' ? `${name}: output not shared (a run by ${who.author || 'a teammate'}, pulled from the team store; its output.log stays on their machine).` : `${name} has no output.log (${file}).`;
      void vscode.window.showInformationMessage(`MLOps: ${text}`);
      return text;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
  });
  commands.register('mlops.editNote', async (input) => {
    const ids = await runsFromArgs(state, input.selection, { min: 1, max: 1, title: 'Note on which run?' });
    const store = state.openStore();
    const run = ids && getRun(store, ids[0]);
    if (!run) return;
    const note = await vscode.window.showInputBox({ title: `Note on ${run.name}`, value: run.note, prompt: 'Shown in run details and compared like params' });
    if (note === undefined) return;
    updateRun(store, run.id, { note });
    state.notifyStoreChanged();
  });
  commands.register('mlops.deleteRun', async (input) => {
    const ids = await runsFromArgs(state, input.selection, { min: 1, title: 'Delete which runs?' });
    if (!ids) return;
    const store = state.openStore();
    const names = ids.map((id) => getRun(store, id)?.name ?? id);
    const answer = await vscode.window.showWarningMessage(
      `Delete ${ids.length === 1 ? `run ${names[0]}` : `${ids.length} runs`}? Their metrics, logs and the artifacts no other run uses are removed.`,
      { modal: true },
      'Delete',
    );
    if (answer !== 'Delete') return;
    for (const id of ids) deleteRun(store, input.root, id);
    state.notifyStoreChanged();
  });
  commands.register('mlops.copyRunId', async (input) => {
    const ids = await runsFromArgs(state, input.selection, { min: 1, title: 'Copy the id of which runs?' });
    if (ids) await vscode.env.clipboard.writeText(ids.join('\n'));
  });
  return controller;
}
