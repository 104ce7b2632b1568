import * as vscode from 'vscode';
import { formatModelRef } from '../../core/registry/modelRef';
import { listModels, listVersions } from '../../core/registry/modelVersions';
import type { ModelVersion } from '../../core/registry/types';
import type { Store } from '../../core/store/store';
import type { VersionMetricsData } from '../../shared/versionMetricsData';
import type { Log } from '../log';
import { ComparePanel } from '../panels/comparePanel';
import type { WorkbenchState } from '../workbenchState';
import { versionFromArg } from './modelTarget';
import { versionMetrics } from './compareVersionsData';
import type { CommandRegistry } from './registry';

/** What Compare Versions opened (tests read it). */
export interface VersionsCompared {
  title: string;
  versions: string[];
  runIds: string[];
  metrics: VersionMetricsData;
}

const modelNameOf = (v: unknown): string | undefined => {
  const n = v as { kind?: string; name?: unknown; model?: unknown } | undefined;
  if (n?.kind === 'model' && typeof n.name === 'string') return n.name;
  if (n && n.kind === undefined && typeof n.model === 'string' && !('version' in n)) return n.model;
  return undefined;
};

/**
 * The versions to compare: the selected versions (two or more), or every version of a model (its
 * node, or `{ model }`), else the user's pick of a model. Refs passed by code (churn@2) count too.
 */
async function versionsToCompare(store: Store, target: unknown, selection: readonly unknown[]): Promise<ModelVersion[] | undefined> {
  const picked = (selection.length ? selection : [target]).map((x) => (modelNameOf(x) ? undefined : versionFromArg(store, x))).filter((v): v is ModelVersion => v !== undefined);
  if (picked.length >= 2) return picked;
  const model = modelNameOf(target) ?? picked[0]?.model ?? (await pickModel(store));
  return model ? listVersions(store, model).reverse() : undefined;
}

async function pickModel(store: Store): Promise<string | undefined> {
  const models = listModels(store).filter((m) => m.versions > 0);
  if (!models.length) {
    void vscode.window.showInformationMessage('MLOps: no model version is registered yet. Right-click a finished run in the Runs view and choose Register as Model.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.name, description: `${m.versions} version${m.versions === 1 ? '' : 's'}`, name: m.name })),
    { title: 'Compare the versions of which model?' },
  );
  return pick?.name;
}

/** Compare Versions: the Compare panel over the versions' source runs, plus each metric across the versions. */
export function registerCompareVersions(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): void {
  commands.register('mlops.compareModelVersions', async ({ target, selection }): Promise<VersionsCompared | undefined> => {
    const store = state.existingStore();
    if (!store) throw new Error('This workspace has no store yet (.mlops/store.db): register a model version first.');
    const versions = await versionsToCompare(store, target, selection);
    if (!versions?.length) return undefined;
    const ordered = [...versions].sort((a, b) => a.model.localeCompare(b.model) || a.version - b.version);
    const runIds = [...new Set(ordered.flatMap((v) => (v.runId ? [v.runId] : [])))];
    const models = [...new Set(ordered.map((v) => v.model))];
    const title = models.length === 1 ? `Compare ${models[0]} v${ordered.map((v) => v.version).join(', v')}` : `Compare ${ordered.length} Model Versions`;
    const gone = ordered.filter((v) => !v.runId);
    if (gone.length) void vscode.window.showInformationMessage(`MLOps: the source run of ${gone.map((v) => formatModelRef(v.model, v.version)).join(', ')} was deleted: its copied metrics are charted, but it has no row in the run table.`);
    const ids = ordered.map((v) => v.id);
    ComparePanel.show(context.extensionUri, state, log, runIds, { ids, title });
    return { title, versions: ordered.map((v) => formatModelRef(v.model, v.version)), runIds, metrics: versionMetrics(store, state.config.config, ids) };
  });
}
