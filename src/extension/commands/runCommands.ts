import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Scalar } from '../../core/config/types';
import { deleteRun } from '../../core/tracking/deleteRun';
import { runFolder } from '../../core/tracking/launcher';
import { parseParamValue } from '../../core/tracking/params';
import { getRun, updateRun } from '../../core/tracking/runRecords';
import { shellQuote } from '../../core/tracking/shellQuote';
import type { Log } from '../log';
import { RunController } from '../runs/runController';
import type { WorkbenchState } from '../workbenchState';
import { guarded as guardedBy } from './guarded';
import { runsFromArgs } from './pickRuns';


/** The interpreter of the Python extension when it is installed and has one for this file, else python3. */
async function pythonInterpreter(file: vscode.Uri): Promise<string> {
  const ext = vscode.extensions.getExtension('ms-python.python');
  if (!ext) return 'python3';
  try {
    const api = (await ext.activate()) as { environments?: { getActiveEnvironmentPath(r?: vscode.Uri): { path: string } } };
    return api.environments?.getActiveEnvironmentPath(file).path || 'python3';
  } catch {
    return 'python3';
  }
}

async function pickRunConfig(state: WorkbenchState, title: string, withSweep = false): Promise<string | undefined> {
  const runs = Object.entries(state.config.config.runs).filter(([, r]) => !withSweep || r.sweep);
  if (!runs.length) {
    const open = await vscode.window.showInformationMessage(`MLOps: mlops.json defines no run${withSweep ? ' with a "sweep"' : ''} yet.`, 'Open mlops.json');
    if (open) await vscode.commands.executeCommand('mlops.openConfig');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map(([name, r]) => ({ label: name, description: r.command, detail: r.description })),
    { title },
  );
  return picked?.label;
}

/** Launch, stop, rerun, annotate and delete runs from the palette, the Runs view and CodeLens. */
export function registerRunCommands(context: vscode.ExtensionContext, state: WorkbenchState, log: Log): RunController {
  const controller = new RunController(state, log, context.extensionPath);
  const guarded = guardedBy(log, 'Run command');

  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand(
      'mlops.run',
      guarded(async (arg?: unknown) => {
        const name = typeof arg === 'string' ? arg : ((arg as { name?: string })?.name ?? (await pickRunConfig(state, 'Run which configuration?')));
        if (name) controller.runConfig(name);
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.runWithParams',
      guarded(async (arg?: unknown) => {
        const name = typeof arg === 'string' ? arg : ((arg as { name?: string })?.name ?? (await pickRunConfig(state, 'Run which configuration?')));
        if (!name) return;
        const defaults = state.config.config.runs[name]?.params ?? {};
        const text = await vscode.window.showInputBox({
          title: `Run ${name} with params`,
          prompt: 'NAME=VALUE pairs separated by spaces; unset params keep their defaults',
          value: Object.entries(defaults).map(([k, v]) => `${k}=${v}`).join(' '),
        });
        if (text === undefined) return;
        const overrides: Record<string, Scalar> = {};
        for (const pair of text.split(/\s+/).filter(Boolean)) {
          const eq = pair.indexOf('=');
          if (eq <= 0) throw new Error(`"${pair}" is not NAME=VALUE`);
          overrides[pair.slice(0, eq)] = parseParamValue(pair.slice(eq + 1));
        }
        controller.runConfig(name, overrides);
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.sweep',
      guarded(async (arg?: unknown) => {
        const name = typeof arg === 'string' ? arg : ((arg as { name?: string })?.name ?? (await pickRunConfig(state, 'Sweep which configuration?', true)));
        if (!name) return;
        const outcomes = await controller.sweep(name);
        const done = outcomes.filter((o) => o.status === 'finished').length;
        void vscode.window.showInformationMessage(`MLOps: sweep of ${name} done: ${done} of ${outcomes.length} runs finished.`, 'Compare Runs').then(
          (a) => a && vscode.commands.executeCommand('mlops.compareRuns', outcomes.map((o) => o.runId)),
        );
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.runCurrentFile',
      guarded(async (uri?: vscode.Uri) => {
        const file = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
        if (!file || !file.fsPath.endsWith('.py')) throw new Error('Run Current File runs a Python file: open a .py file first.');
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
        if (doc?.isDirty) await doc.save();
        const interpreter = await pythonInterpreter(file);
        const rel = path.relative(state.root ?? path.dirname(file.fsPath), file.fsPath);
        controller.runCommand(`${shellQuote(interpreter)} ${shellQuote(rel)}`);
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.stopRun',
      guarded(async (...args: unknown[]) => {
        const ids = await runsFromArgs(state, args, { min: 1, title: 'Stop which runs?' });
        for (const id of ids ?? []) controller.stop(id);
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.rerun',
      guarded(async (...args: unknown[]) => {
        const ids = await runsFromArgs(state, args, { min: 1, max: 1, title: 'Rerun which run?' });
        const run = ids && getRun(state.openStore(), ids[0]);
        if (!run) return;
        if (state.config.config.runs[run.experiment]) controller.runConfig(run.experiment, run.params as Record<string, Scalar>);
        else controller.runCommand(run.command, run.experiment, run.cwd);
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.openRunOutput',
      guarded(async (...args: unknown[]) => {
        const ids = await runsFromArgs(state, args, { min: 1, max: 1, title: 'Output of which run?' });
        if (!ids || !state.root) return;
        await vscode.window.showTextDocument(vscode.Uri.file(path.join(runFolder(state.root, ids[0]), 'output.log')), { preview: true });
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.editNote',
      guarded(async (...args: unknown[]) => {
        const ids = await runsFromArgs(state, args, { min: 1, max: 1, title: 'Note on which run?' });
        const store = state.openStore();
        const run = ids && getRun(store, ids[0]);
        if (!run) return;
        const note = await vscode.window.showInputBox({ title: `Note on ${run.name}`, value: run.note, prompt: 'Shown in run details and compared like params' });
        if (note === undefined) return;
        updateRun(store, run.id, { note });
        state.notifyStoreChanged();
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.deleteRun',
      guarded(async (...args: unknown[]) => {
        const ids = await runsFromArgs(state, args, { min: 1, title: 'Delete which runs?' });
        if (!ids || !state.root) return;
        const store = state.openStore();
        const names = ids.map((id) => getRun(store, id)?.name ?? id);
        const answer = await vscode.window.showWarningMessage(
          `Delete ${ids.length === 1 ? `run ${names[0]}` : `${ids.length} runs`}? Their metrics, logs and the artifacts no other run uses are removed.`,
          { modal: true },
          'Delete',
        );
        if (answer !== 'Delete') return;
        for (const id of ids) deleteRun(store, state.root, id);
        state.notifyStoreChanged();
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.copyRunId',
      guarded(async (...args: unknown[]) => {
        const ids = await runsFromArgs(state, args, { min: 1, title: 'Copy the id of which runs?' });
        if (ids) await vscode.env.clipboard.writeText(ids.join('\n'));
      }),
    ),
  );
  return controller;
}
