import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlopsConfig } from '../config/types';
import { sha256File } from '../data/hashFile';
import { versionDataset, type VersionOptions } from '../data/versionDataset';
import { globMatches, isGlobIn, toRel, walkFiles } from '../data/workspacePaths';
import type { Store } from '../store/store';
import { setInputs, type RunInput } from './runRecords';

export class InputError extends Error {}

/** Workspace-relative files a run input names: a dataset name, a file, a folder or a glob. */
export function resolveInputFiles(workspaceRoot: string, config: MlopsConfig, input: string): string[] {
  const target = config.datasets[input]?.path ?? input;
  const abs = path.resolve(workspaceRoot, target);
  const rel = path.relative(workspaceRoot, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new InputError(`Input "${input}" (${target}) lies outside the workspace.`);
  const posix = toRel(workspaceRoot, abs);
  // The same glob rules as datasets, a literal path winning: `a[1].csv` that exists is that file.
  if (isGlobIn(workspaceRoot, posix)) return globMatches(workspaceRoot, posix);
  if (!fs.existsSync(abs)) throw new InputError(`Input "${input}" does not exist: ${target} (declare it under "datasets" or fix the path in "inputs").`);
  if (fs.statSync(abs).isDirectory()) return walkFiles(abs).map((f) => toRel(workspaceRoot, f)).sort();
  return [posix];
}

/** SHA-256 of every file of every input, as recorded at the start of a run. */
export async function hashInputs(workspaceRoot: string, config: MlopsConfig, inputs: string[]): Promise<RunInput[]> {
  const files = [...new Set(inputs.flatMap((i) => resolveInputFiles(workspaceRoot, config, i)))];
  return Promise.all(files.map(async (f) => ({ path: f, hash: await sha256File(path.join(workspaceRoot, f)) })));
}

/** The dataset an input names: by its name, or by the path it is declared with. */
function datasetOfInput(config: MlopsConfig, input: string): string | undefined {
  if (config.datasets[input]) return input;
  const norm = (p: string) => path.posix.normalize(p.split(path.sep).join('/')).replace(/\/$/, '');
  return Object.keys(config.datasets).find((n) => norm(config.datasets[n].path) === norm(input));
}

/**
 * Records a run's inputs at its start. A declared dataset is versioned first when it changed
 * (source "run-input") and each of its items is linked to the exact version read; any other
 * file, folder or glob is hashed as before.
 */
export async function recordInputs(
  store: Store,
  workspaceRoot: string,
  config: MlopsConfig,
  runId: string,
  inputs: string[],
  opts: Pick<VersionOptions, 'offThreadBytes'> = {},
): Promise<void> {
  const plain: string[] = [];
  const linked: { path: string; hash: string; versionId: number }[] = [];
  for (const input of inputs) {
    const dataset = datasetOfInput(config, input);
    if (!dataset) {
      plain.push(input);
      continue;
    }
    const r = await versionDataset(store, workspaceRoot, config, dataset, { source: 'run-input', note: `read by run ${runId}`, offThreadBytes: opts.offThreadBytes });
    for (const o of r.items) if (o.version) linked.push({ path: o.item, hash: o.version.hash, versionId: o.version.id });
  }
  const hashed = await hashInputs(workspaceRoot, config, plain);
  store.transaction(() => {
    setInputs(store, runId, hashed);
    const link = store.db.prepare('INSERT OR REPLACE INTO run_inputs (run_id, path, hash, dataset_version_id) VALUES (?, ?, ?, ?)');
    for (const l of linked) link.run(runId, l.path, l.hash, l.versionId);
  });
}
