// Registering a model version from a run: its artifact stored, its metrics copied, its signature
// inferred, numbered after the model's last version (never reused), with the audit entry in the
// same transaction.
import { appendAudit } from '../audit/appendAudit';
import { currentActor } from '../audit/actor';
import type { MlopsConfig } from '../config/types';
import type { Store } from '../store/store';
import { metricSummaries } from '../tracking/metricRecords';
import { getRun } from '../tracking/runRecords';
import { resolveRunRef, RunRefError } from '../tracking/runRef';
import { storeModelArtifact } from './modelArtifact';
import { formatModelRef, modelNamePattern } from './modelRef';
import { checkTags } from './modelTags';
import { getVersionById } from './modelVersions';
import { inferSignature } from './signature';
import { RegistryError, type ModelVersion } from './types';

export interface RegisterOptions {
  model: string;
  /** A run id, an id prefix (4+ characters) or a unique run name. */
  runId: string;
  /** A file or folder, absolute or workspace-relative; default: the run's only stored artifact. */
  artifact?: string;
  description?: string;
  tags?: Record<string, string>;
  actor?: string;
}

export async function registerModel(store: Store, config: MlopsConfig, opts: RegisterOptions): Promise<ModelVersion> {
  if (!modelNamePattern.test(opts.model)) {
    throw new RegistryError(`"${opts.model}" is not a model name: use letters, digits, '_', '.' and '-', starting with a letter or digit.`);
  }
  const tags = opts.tags ?? {};
  checkTags(tags);
  let runId: string;
  try {
    runId = resolveRunRef(store, opts.runId);
  } catch (err) {
    if (err instanceof RunRefError) throw new RegistryError(err.message);
    throw err;
  }
  const run = getRun(store, runId)!;
  if (run.status === 'running' || run.status === 'queued') {
    throw new RegistryError(`Run ${runId} is still ${run.status}: register a model from it once it has finished (its metrics and artifacts are not final yet).`);
  }
  const modelConfig = config.models[opts.model];
  // Objects are written before the rows that name them; gc spares fresh objects for ten minutes.
  const artifact = await storeModelArtifact(store, runId, opts.artifact);
  const metrics = metricsJson(store, runId);
  const signature = inferSignature(store, runId, modelConfig?.evaluationData ?? []);
  const actor = opts.actor ?? currentActor(store.root);
  const description = opts.description ?? '';
  const id = store.transaction(() => {
    const now = Date.now();
    store.db
      .prepare('INSERT INTO models (name, description, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING')
      .run(opts.model, modelConfig?.description ?? '', now);
    store.db.prepare('UPDATE models SET last_version = last_version + 1 WHERE name = ?').run(opts.model);
    const version = Number(store.db.prepare('SELECT last_version FROM models WHERE name = ?').get<{ last_version: number }>(opts.model)!.last_version);
    const inserted = store.db
      .prepare(
        `INSERT INTO model_versions (model, version, run_id, artifact_hash, artifact_path, artifact_kind, artifact_size, description, metrics_json, signature_json, registered_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(opts.model, version, runId, artifact.hash, artifact.path, artifact.kind, artifact.size, description, metrics, signature ? JSON.stringify(signature) : null, actor, now);
    const versionId = Number(inserted.lastInsertRowid);
    const tag = store.db.prepare('INSERT INTO model_version_tags (version_id, key, value) VALUES (?, ?, ?)');
    for (const [k, v] of Object.entries(tags)) tag.run(versionId, k, v);
    appendAudit(store, {
      action: 'model.registered',
      object: formatModelRef(opts.model, version),
      actor,
      at: now,
      details: { runId, artifact, ...(Object.keys(tags).length ? { tags } : {}), ...(description ? { description } : {}) },
    });
    return versionId;
  });
  return getVersionById(store, id)!;
}

/**
 * The run's last value of each metric as JSON: NaN as null (the contract), and the sampler's
 * system/* series left out (they describe the machine, not the model). JSON has no Infinity, so
 * ±Infinity is written as ±1e999, which JSON.parse reads back as ±Infinity.
 */
export function metricsJson(store: Store, runId: string): string {
  const entries = Object.entries(metricSummaries(store, runId)).filter(([k]) => !k.startsWith('system/'));
  const num = (v: number) => (Number.isNaN(v) ? 'null' : v === Infinity ? '1e999' : v === -Infinity ? '-1e999' : JSON.stringify(v));
  return `{${entries.map(([k, s]) => `${JSON.stringify(k)}:${num(s.last)}`).join(',')}}`;
}
