// What a lineage reference names: a run, a dataset version or a model version. `churn@2` and
// `train@3` look alike, so the name decides: a registered model, else a dataset. `model:`, `data:`
// and `run:` in front settle a name that means more than one of them.
import type { MlopsConfig } from '../config/types';
import { DatasetError } from '../data/datasetItems';
import { parseDatasetRef, resolveDatasetRef } from '../data/datasetRef';
import type { DatasetVersion } from '../data/datasetVersions';
import { resolveModelRef } from '../registry/modelVersions';
import { RegistryError, type ModelVersion } from '../registry/types';
import type { Store } from '../store/store';
import { resolveRunRef, RunRefError } from '../tracking/runRef';

export type LineageTarget = { kind: 'run'; runId: string } | { kind: 'dataset-version'; version: DatasetVersion } | { kind: 'model-version'; version: ModelVersion };

const hint = 'give a run id (or a unique prefix, or a run name), a dataset version (train@3, train:data/a.csv@3) or a model version (churn@2, churn@champion)';

export function resolveLineageRef(store: Store, config: MlopsConfig, text: string): LineageTarget {
  const ref = text.trim();
  if (!ref) throw new RegistryError(`No reference given: ${hint}.`);
  const prefixed = /^(model|data|run):(.+)$/.exec(ref);
  if (prefixed) {
    const rest = prefixed[2];
    if (prefixed[1] === 'model') return modelTarget(store, rest);
    if (prefixed[1] === 'data') return datasetTarget(store, rest);
    return runTarget(store, rest);
  }
  const name = /^[^@:]+/.exec(ref)?.[0] ?? '';
  const isModel = isRegisteredModel(store, name);
  const isDataset = isKnownDataset(store, config, name);
  if (ref.includes('@') || ref.includes(':')) {
    if (isModel && isDataset) throw new RegistryError(`"${ref}": ${name} is both a model and a dataset: write model:${ref} or data:${ref}.`);
    if (isModel) return modelTarget(store, ref);
    if (isDataset) return datasetTarget(store, ref);
    throw new RegistryError(`"${ref}": no model or dataset is named ${name} (${known(store, config)}).`);
  }
  // A bare word: a run id, else a run name, a model or a dataset; a word that names more than one of
  // them (run configs are often called "train", like their data) asks for a prefix.
  if (store.db.prepare('SELECT 1 AS x FROM runs WHERE id = ?').get(ref)) return { kind: 'run', runId: ref };
  const isRunName = !!store.db.prepare('SELECT 1 AS x FROM runs WHERE name = ? LIMIT 1').get(ref);
  const meanings = [isRunName && `run:${ref}`, isModel && `model:${ref}`, isDataset && `data:${ref}`].filter((m): m is string => !!m);
  if (meanings.length > 1) throw new RegistryError(`"${ref}" names ${meanings.map((m) => m.split(':')[0]).join(' and ')}: write ${meanings.join(' or ')}.`);
  if (isModel) return modelTarget(store, ref);
  if (isDataset) return datasetTarget(store, ref);
  try {
    return runTarget(store, ref);
  } catch (err) {
    // Keep the run lookup's own message when it says more than "no such run" (a name of several runs).
    if (err instanceof RegistryError && /^No run /.test(err.message)) throw new RegistryError(`"${ref}" names no run, model or dataset: ${hint}.`);
    throw err;
  }
}

function runTarget(store: Store, ref: string): LineageTarget {
  try {
    return { kind: 'run', runId: resolveRunRef(store, ref) };
  } catch (err) {
    if (err instanceof RunRefError) throw new RegistryError(err.message);
    throw err;
  }
}

function modelTarget(store: Store, ref: string): LineageTarget {
  return { kind: 'model-version', version: resolveModelRef(store, ref) };
}

function datasetTarget(store: Store, ref: string): LineageTarget {
  try {
    return { kind: 'dataset-version', version: resolveDatasetRef(store, parseDatasetRef(ref)) };
  } catch (err) {
    if (err instanceof DatasetError) throw new RegistryError(err.message);
    throw err;
  }
}

function isRegisteredModel(store: Store, name: string): boolean {
  return !!store.db.prepare('SELECT 1 AS x FROM models WHERE name = ?').get(name);
}

function isKnownDataset(store: Store, config: MlopsConfig, name: string): boolean {
  return name in config.datasets || !!store.db.prepare('SELECT 1 AS x FROM dataset_versions WHERE dataset = ? LIMIT 1').get(name);
}

function known(store: Store, config: MlopsConfig): string {
  const models = store.db.prepare('SELECT name FROM models ORDER BY name').all<{ name: string }>().map((r) => r.name);
  const datasets = [...new Set([...Object.keys(config.datasets), ...store.db.prepare('SELECT DISTINCT dataset FROM dataset_versions').all<{ dataset: string }>().map((r) => r.dataset)])].sort();
  const list = (xs: string[]) => (xs.length ? xs.slice(0, 10).join(', ') + (xs.length > 10 ? ', ...' : '') : 'none');
  return `models: ${list(models)}; datasets: ${list(datasets)}`;
}
