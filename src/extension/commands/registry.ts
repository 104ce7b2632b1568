import * as vscode from 'vscode';
import { diskFullMessage, isDiskFull } from '../../core/store/diskFull';
import { errorText, type Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { COMMANDS, type CommandId, type WorkspaceCommandId } from './commandIds';
import { commandInput, type CommandInput } from './commandInput';

/** What a handler receives: the normalised arguments, and the workspace root when the command needs one. */
export type InputOf<Id extends CommandId> = Id extends WorkspaceCommandId ? CommandInput & { readonly root: string } : CommandInput;

/**
 * The one way a command is registered. Before the handler runs, the registry checks what the command
 * needs (commandIds.ts): a workspace folder, and a trusted workspace for those that execute or write
 * what mlops.json defines. It hands the handler its arguments in one shape (commandInput.ts), and
 * reports a failure once: with its stack in the Output channel, and as a notification. A handler's
 * result is the command's result (tests and other commands read it); a refused or failed command
 * resolves to undefined.
 */
export class CommandRegistry {
  private readonly titles: ReadonlyMap<string, string>;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly state: WorkbenchState,
    private readonly log: Log,
  ) {
    const manifest = context.extension.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } };
    // "Run with Params..." is named in messages without the dots that promise a further choice.
    this.titles = new Map((manifest.contributes?.commands ?? []).map((c) => [c.command, c.title.replace(/(\.\.\.|…)$/, '')]));
  }

  register<Id extends CommandId>(id: Id, handler: (input: InputOf<Id>) => unknown): void {
    this.context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => this.invoke(id, handler, args)));
  }

  private async invoke<Id extends CommandId>(id: Id, handler: (input: InputOf<Id>) => unknown, args: unknown[]): Promise<unknown> {
    const title = this.titles.get(id) ?? id;
    const needs = COMMANDS[id];
    let input: CommandInput | InputOf<WorkspaceCommandId> = commandInput(args);
    if (needs !== 'none') {
      const root = this.state.root;
      if (!root) {
        this.log.info(`${title}: no folder is open.`);
        void vscode.window.showErrorMessage(`MLOps: ${title} works on a workspace folder. Open the folder of your project (File > Open Folder...) and run it again.`);
        return undefined;
      }
      if (needs === 'trust' && !vscode.workspace.isTrusted) {
        this.log.info(`${title}: refused, the workspace is not trusted.`);
        void vscode.window
          .showWarningMessage(`MLOps: this workspace is not trusted, and "${title}" executes or writes what mlops.json defines. Trust the workspace to use it.`, 'Manage Workspace Trust')
          .then((a) => a && vscode.commands.executeCommand('workbench.trust.manage'));
        return undefined;
      }
      input = { ...input, root };
    }
    try {
      return await handler(input as InputOf<Id>);
    } catch (err) {
      this.log.failure(`${title} failed`, err);
      // A full disk is the machine's problem, not a bug: say so with the fix, not the raw error.
      const text = isDiskFull(err) ? `${title}: ${diskFullMessage(err)} Free some space (large files, old runs, unreferenced objects with "mlops data gc") and run it again.` : errorText(err);
      void vscode.window.showErrorMessage(`MLOps: ${text}`, 'Show Output').then((a) => a && this.log.channel.show(true));
      return undefined;
    }
  }
}

/** Runs one of our commands: the id is checked at compile time like a registration. */
export function executeCommand<T = unknown>(id: CommandId, ...args: unknown[]): Thenable<T | undefined> {
  return vscode.commands.executeCommand<T | undefined>(id, ...args);
}
