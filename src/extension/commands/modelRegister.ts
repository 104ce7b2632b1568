import * as vscode from 'vscode';
import { modelNamePattern } from '../../core/registry/modelRef';
import { listModels } from '../../core/registry/modelVersions';
import { registerModel } from '../../core/registry/registerModel';
import type { ModelVersion } from '../../core/registry/types';
import { getArtifacts, getRun } from '../../core/tracking/runRecords';
import type { WorkbenchState } from '../workbenchState';
import type { CommandInput } from './commandInput';
import { runsFromArgs } from './pickRuns';
import { pickOrType, type PickOrTypeItem } from './pickOrType';

/** What code may pass instead of a Runs-view node: everything given means nothing is asked. */
export interface RegisterArgs {
  runId: string;
  model?: string;
  artifact?: string;
  description?: string;
}

type ArtifactNode = { kind: 'artifact'; runId: string; artifact: { path: string } };
const isArtifactNode = (v: unknown): v is ArtifactNode => (v as ArtifactNode | undefined)?.kind === 'artifact' && typeof (v as ArtifactNode).runId === 'string';
// A Runs-view node carries a runId too: its `kind` tells it apart.
const isRegisterArgs = (v: unknown): v is RegisterArgs => typeof (v as RegisterArgs | undefined)?.runId === 'string' && !('kind' in (v as object));

/** The model's name: the run config's `registers.model` first, then the models of mlops.json and the store; a new name may be typed. */
async function pickModelName(state: WorkbenchState, experiment: string): Promise<string | undefined> {
  const config = state.config.config;
  const store = state.existingStore();
  const declared = config.runs[experiment]?.registers?.model;
  const names = new Map<string, string>();
  if (declared) names.set(declared, `registered by ${experiment} in mlops.json`);
  for (const [name, m] of Object.entries(config.models)) if (!names.has(name)) names.set(name, m.description ?? `ranked by ${m.metric}`);
  for (const m of store ? listModels(store) : []) {
    const versions = `${m.versions} version${m.versions === 1 ? '' : 's'}`;
    names.set(m.name, names.has(m.name) ? `${names.get(m.name)} · ${versions}` : versions);
  }
  const items: PickOrTypeItem[] = [...names].map(([value, description]) => ({ label: value, description, value }));
  return pickOrType(items, {
    title: 'Register as which model?',
    placeholder: 'Pick a model, or type a new name',
    newItem: () => 'new model',
    validate: (v) => (modelNamePattern.test(v) ? undefined : "A model name is letters, digits, '_', '.' or '-', starting with a letter or digit."),
  });
}

/** The stored artifact to register when the run has several (the one mlops.json's `registers` names first); undefined lets core take the only one, null is a cancel. */
async function pickArtifact(state: WorkbenchState, runId: string, experiment: string): Promise<string | null | undefined> {
  const artifacts = getArtifacts(state.openStore(), runId).filter((a) => a.hash);
  if (artifacts.length < 2) return undefined;
  const declared = state.config.config.runs[experiment]?.registers?.artifact;
  artifacts.sort((a, b) => Number(b.path === declared) - Number(a.path === declared));
  const picked = await vscode.window.showQuickPick(
    artifacts.map((a) => ({ label: a.path, description: a.path === declared ? 'registers.artifact in mlops.json' : undefined, value: a.path })),
    { title: 'Register which artifact of the run?' },
  );
  return picked ? picked.value : null;
}

/**
 * Register as Model: on a run (its declared or only artifact) or on one artifact row of the Runs
 * view. Asks for the model (pick or type) and an optional description, registers, and returns the
 * new version.
 */
export async function registerFromRun(state: WorkbenchState, input: CommandInput): Promise<ModelVersion | undefined> {
  const given = isRegisterArgs(input.target) ? input.target : undefined;
  const node = isArtifactNode(input.target) ? input.target : undefined;
  const runId = given?.runId ?? node?.runId ?? (await runsFromArgs(state, input.selection, { min: 1, max: 1, title: 'Register which run as a model?' }))?.[0];
  if (!runId) return undefined;
  const store = state.openStore();
  const run = getRun(store, runId);
  if (!run) throw new Error(`Run ${runId} no longer exists.`);
  const model = given?.model ?? (await pickModelName(state, run.experiment));
  if (!model) return undefined;
  let artifact: string | undefined = given ? given.artifact : node?.artifact.path;
  if (!given && !node) {
    const picked = await pickArtifact(state, run.id, run.experiment);
    if (picked === null) return undefined;
    artifact = picked;
  }
  const description = given
    ? given.description
    : await vscode.window.showInputBox({ title: `Register ${run.name} as ${model}`, prompt: 'Description of this version (optional): what changed, what it is for', placeHolder: 'optional' });
  if (description === undefined && !given) return undefined;
  return registerModel(store, state.config.config, { model, runId: run.id, artifact, description: description || undefined });
}
