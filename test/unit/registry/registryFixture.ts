// A workspace with what registering needs, made through the real core: a finished run that read a
// versioned, profiled dataset, logged metrics and stored one artifact.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyConfig, type MlopsConfig } from '../../../src/core/config/types';
import { putFile } from '../../../src/core/data/objectCache';
import { profileForVersion } from '../../../src/core/quality/profileStore';
import { latestVersion } from '../../../src/core/data/datasetVersions';
import { Store } from '../../../src/core/store/store';
import { recordInputs } from '../../../src/core/tracking/inputs';
import { insertMetrics } from '../../../src/core/tracking/metricRecords';
import { addArtifact, insertRun, updateRun } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

export interface Fixture {
  root: string;
  store: Store;
  config: MlopsConfig;
}

export function registryWorkspace(models: MlopsConfig['models'] = {}): Fixture {
  const root = tempWorkspace('mlops-registry-');
  fs.writeFileSync(path.join(root, 'train.csv'), 'age,plan,churned\n34,pro,0\n51,,1\n29,free,0\n');
  const config: MlopsConfig = { ...emptyConfig(), datasets: { train: { path: 'train.csv' } }, models };
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets: { train: 'train.csv' }, models }));
  return { root, store: Store.open(root), config };
}

let runCount = 0;

/**
 * A finished run `id` that read train.csv (versioned and profiled), logged `metrics` (last values
 * win) and stored `artifacts` (workspace-relative path -> content).
 */
export async function finishedRun(
  f: Fixture,
  opts: { id?: string; metrics?: Record<string, number[]>; artifacts?: Record<string, string>; status?: 'finished' | 'running' | 'failed'; profile?: boolean } = {},
): Promise<string> {
  const id = opts.id ?? `run${String(++runCount).padStart(4, '0')}abcdef`;
  insertRun(f.store, { id, name: id, experiment: 'train', status: 'running', command: 'python3 train.py', cwd: '.', params: { lr: 0.1 }, createdAt: Date.now() });
  await recordInputs(f.store, f.root, f.config, id, ['train']);
  // recordInputs versioned train.csv when it changed; its profile is what the signature reads.
  if (opts.profile !== false) await profileForVersion(f.store, latestVersion(f.store, 'train', 'train.csv')!);
  const points = Object.entries(opts.metrics ?? { auc: [0.7, 0.8] }).flatMap(([key, values]) => values.map((value, step) => ({ key, step, value, timestamp: Date.now() })));
  f.store.transaction(() => insertMetrics(f.store, id, points));
  const artifacts = opts.artifacts ?? { 'model.pkl': `weights of ${id}` };
  writeFiles(f.root, artifacts);
  for (const rel of Object.keys(artifacts)) {
    const o = await putFile(f.root, path.join(f.root, rel), f.store);
    addArtifact(f.store, id, { path: rel, hash: o.hash, size: o.size });
  }
  if ((opts.status ?? 'finished') !== 'running') updateRun(f.store, id, { status: opts.status ?? 'finished', endedAt: Date.now(), exitCode: 0 });
  return id;
}

/** Writes files under `root` (relative path -> content), making their folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
}

/** Every row of the registry's tables and the audit log: to prove a refused change changed nothing. */
export function registrySnapshot(store: Store): string {
  const tables = ['models', 'model_versions', 'model_version_tags', 'model_aliases', 'alias_events', 'gate_results', 'audit_log', 'objects', 'object_refs'];
  return JSON.stringify(tables.map((t) => store.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
}
