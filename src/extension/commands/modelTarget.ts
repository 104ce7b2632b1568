import * as vscode from 'vscode';
import { formatModelRef } from '../../core/registry/modelRef';
import { listModels, listVersions, resolveModelRef } from '../../core/registry/modelVersions';
import type { ModelVersion } from '../../core/registry/types';
import type { Store } from '../../core/store/store';
import { formatNumber } from '../../shared/format';
import { orderAliases, type ModelNode } from '../views/modelsTree';
import type { WorkbenchState } from '../workbenchState';

/** Fields code may pass to a model command instead of a tree node (tests, other commands). */
export interface ModelCommandArgs {
  /** churn@3, churn@champion */
  ref?: string;
  model?: string;
  version?: number;
}

const isVersionNode = (v: unknown): v is ModelNode & { kind: 'version' } => (v as ModelNode | undefined)?.kind === 'version' && typeof (v as { v?: unknown }).v === 'object';

/** The version a value names: a Models-view version node, a reference text, or {ref} / {model, version}. */
export function versionFromArg(store: Store, arg: unknown): ModelVersion | undefined {
  if (isVersionNode(arg)) return resolveModelRef(store, { model: arg.v.model, ref: arg.v.version });
  if (typeof arg === 'string') return resolveModelRef(store, arg);
  const a = arg as ModelCommandArgs | undefined;
  if (typeof a?.ref === 'string') return resolveModelRef(store, a.ref);
  if (typeof a?.model === 'string' && typeof a.version === 'number') return resolveModelRef(store, { model: a.model, ref: a.version });
  return undefined;
}

/**
 * The version a command acts on: its argument, else the Models view's selected version, else the
 * user's pick among every registered version (undefined when they cancel).
 */
export async function versionOf(state: WorkbenchState, arg: unknown, selection: readonly unknown[], title: string): Promise<ModelVersion | undefined> {
  const store = state.openStore();
  const direct = versionFromArg(store, arg) ?? versionFromArg(store, selection.find(isVersionNode));
  if (direct) return direct;
  const config = state.config.config;
  const items = listModels(store).flatMap((m) =>
    listVersions(store, m.name).map((v) => {
      const metric = config.models[m.name]?.metric;
      const value = metric !== undefined ? v.metrics[metric] : undefined;
      return {
        label: formatModelRef(v.model, v.version),
        description: [orderAliases(v.aliases).join(' · '), metric && value !== undefined ? `${metric} ${value === null ? 'NaN' : formatNumber(value)}` : ''].filter(Boolean).join(' · '),
        detail: v.description || undefined,
        v,
      };
    }),
  );
  if (!items.length) {
    void vscode.window.showInformationMessage('MLOps: no model version is registered yet. Right-click a finished run in the Runs view and choose Register as Model.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.v;
}
