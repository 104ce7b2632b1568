import * as vscode from 'vscode';
import { aliasVersion, isProtected, removeAlias, setAlias } from '../../core/registry/aliases';
import { deployHookCommand, runDeployHook, type DeployHookResult } from '../../core/registry/deployHook';
import { evaluateGate } from '../../core/registry/gate';
import { aliasPattern, formatModelRef } from '../../core/registry/modelRef';
import { listModels } from '../../core/registry/modelVersions';
import type { AliasEvent, ModelVersion } from '../../core/registry/types';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import type { CommandInput } from './commandInput';
import { showGateResult } from './modelGatePick';
import { versionOf, type ModelCommandArgs } from './modelTarget';
import { pickOrType, type PickOrTypeItem } from './pickOrType';

/** Code may pass the whole move: then nothing is asked, and a protected alias moves only through setAlias's own gate. */
export interface AliasArgs extends ModelCommandArgs {
  alias?: string;
  reason?: string;
  force?: boolean;
}

const aliasArgs = (v: unknown): AliasArgs => (typeof v === 'object' && v !== null && !('kind' in v) ? v : {});

/** The alias to set: the model's existing ones (champion first) and its protected ones; a new one may be typed. */
async function pickAlias(state: WorkbenchState, v: ModelVersion): Promise<string | undefined> {
  const store = state.openStore();
  const current = listModels(store).find((m) => m.name === v.model)?.aliases ?? {};
  const protect = state.config.config.models[v.model]?.protect ?? [];
  const names = [...new Set(['champion', ...protect, ...Object.keys(current)])];
  names.sort((a, b) => (a === 'champion' ? -1 : b === 'champion' ? 1 : a.localeCompare(b)));
  const items: PickOrTypeItem[] = names.map((a) => ({
    label: a,
    description: [current[a] !== undefined ? `now v${current[a]}` : 'not set', protect.includes(a) ? 'protected: moves through the gate' : ''].filter(Boolean).join(' · '),
    value: a,
  }));
  return pickOrType(items, {
    title: `Set which alias on ${formatModelRef(v.model, v.version)}?`,
    placeholder: 'Pick an alias, or type a new one',
    newItem: () => 'new alias',
    validate: (a) =>
      a === 'latest' ? '"latest" is set automatically on the highest version.' : aliasPattern.test(a) ? undefined : "An alias is letters, digits, '_' and '-'.",
  });
}

function askReason(title: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: 'Reason (required): kept in the alias history and the audit log',
    placeHolder: 'e.g. beats the champion on the March evaluation set',
    validateInput: (t) => (t.trim() ? undefined : 'A reason is required: say why this alias moves.'),
  });
}

/** Runs the alias's deploy hook; core skips it (and audits the skip) in an untrusted workspace. Output goes to the Output channel. */
async function deployHook(state: WorkbenchState, log: Log, event: AliasEvent): Promise<DeployHookResult | null> {
  const trusted = vscode.workspace.isTrusted;
  const result = await runDeployHook(state.openStore(), state.config.config, event, { trusted });
  if (!trusted && event.newVersion !== null && deployHookCommand(state.config.config, event.model, event.alias)) {
    log.warn(`Deploy hook of ${event.model}@${event.alias} not run: the workspace is not trusted.`);
    void vscode.window.showWarningMessage(`MLOps: the deploy hook of ${event.alias} did not run: this workspace is not trusted.`);
  }
  if (!result) return null;
  log.info(`Deploy hook of ${event.model}@${event.alias} (${result.command}) exited ${result.exitCode}:\n${result.output.trimEnd()}`);
  if (result.exitCode !== 0) {
    void vscode.window.showErrorMessage(`MLOps: the deploy hook of ${event.alias} failed (exit ${result.exitCode}).`, 'Show Output').then((a) => a && log.channel.show(true));
  }
  return result;
}

/**
 * Set Alias...: the version, the alias, the gate's result for a protected alias, the reason, Force
 * (only after a failed gate, confirmed again), then setAlias and the deploy hook.
 */
export async function setAliasCommand(state: WorkbenchState, log: Log, input: CommandInput, selection: readonly unknown[]) {
  const args = aliasArgs(input.target);
  const v = await versionOf(state, input.target, selection, 'Set an alias on which version?');
  if (!v) return undefined;
  const alias = args.alias ?? (await pickAlias(state, v));
  if (!alias) return undefined;
  // Already there: nothing to gate, ask or record (setAlias would refuse it as an error).
  if (aliasVersion(state.openStore(), v.model, alias) === v.version) {
    void vscode.window.showInformationMessage(`MLOps: ${v.model}@${alias} is already v${v.version}; nothing changed.`);
    return undefined;
  }
  const config = state.config.config;
  let force = args.force ?? false;
  let reason = args.reason;
  if (reason === undefined) {
    if (isProtected(config, v.model, alias)) {
      const gate = evaluateGate(state.openStore(), config, { model: v.model, candidate: formatModelRef(v.model, v.version), against: alias });
      const choice = await showGateResult(gate, alias, v.version);
      if (!choice) return undefined;
      force = choice === 'force';
    }
    reason = await askReason(`Why move ${v.model}@${alias} to v${v.version}?`);
    if (!reason?.trim()) return undefined;
    if (force) {
      const ok = await vscode.window.showWarningMessage(
        `Force ${v.model}@${alias} to v${v.version} though the gate failed?`,
        { modal: true, detail: `Reason: ${reason}\n\nThe move is recorded as forced, with this reason and the failed gate.` },
        'Force',
      );
      if (ok !== 'Force') return undefined;
    }
  }
  const event = setAlias(state.openStore(), config, { model: v.model, alias, version: v.version, reason, force });
  state.notifyStoreChanged();
  const hook = await deployHook(state, log, event);
  void vscode.window.showInformationMessage(`MLOps: ${v.model}@${alias} → v${v.version}${event.forced ? ' (forced)' : ''}${hook ? `; deploy hook exited ${hook.exitCode}` : ''}.`);
  return { event, hook };
}

/** Remove Alias...: one of the version's aliases (asked when it has several), with a required reason. */
export async function removeAliasCommand(state: WorkbenchState, input: CommandInput, selection: readonly unknown[]): Promise<AliasEvent | undefined> {
  const args = aliasArgs(input.target);
  const v = await versionOf(state, input.target, selection, 'Remove an alias from which version?');
  if (!v) return undefined;
  const set = v.aliases.filter((a) => a !== 'latest');
  if (!set.length && !args.alias) throw new Error(`${formatModelRef(v.model, v.version)} has no alias to remove (latest is automatic).`);
  const alias = args.alias ?? (set.length === 1 ? set[0] : await vscode.window.showQuickPick(set, { title: `Remove which alias of ${formatModelRef(v.model, v.version)}?` }));
  if (!alias) return undefined;
  const reason = args.reason ?? (await askReason(`Why remove ${v.model}@${alias}?`));
  if (!reason?.trim()) return undefined;
  const event = removeAlias(state.openStore(), { model: v.model, alias, reason });
  state.notifyStoreChanged();
  return event;
}
