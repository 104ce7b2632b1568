import type { Store } from '../store/store';
import { formatModelRef, parseModelRef } from './modelRef';
import { RegistryError, type ModelRef, type ModelSignature, type ModelSummary, type ModelVersion } from './types';

// Reading the registry: models, their versions, and what a reference names. Every writer
// (registerModel, modelTags, aliases, deleteModelVersion) returns versions through these readers.

interface VersionRow {
  id: number;
  model: string;
  version: number;
  run_id: string | null;
  artifact_hash: string | null;
  artifact_path: string;
  artifact_kind: 'file' | 'directory';
  artifact_size: number;
  description: string;
  metrics_json: string;
  signature_json: string | null;
  registered_by: string;
  created_at: number;
}

const versionColumns = `id, model, version, run_id, artifact_hash, artifact_path, artifact_kind, artifact_size, description,
  metrics_json, signature_json, registered_by, created_at`;

/** Registered models with their version counts and aliases, by name. */
export function listModels(store: Store): ModelSummary[] {
  const rows = store.db
    .prepare(
      `SELECT m.name AS name, m.description AS description, COUNT(v.id) AS versions, MAX(v.version) AS latest
         FROM models m LEFT JOIN model_versions v ON v.model = m.name
        GROUP BY m.name ORDER BY m.name`,
    )
    .all<{ name: string; description: string; versions: number; latest: number | null }>();
  const aliases = store.db
    .prepare('SELECT a.model AS model, a.alias AS alias, v.version AS version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id ORDER BY a.alias')
    .all<{ model: string; alias: string; version: number }>();
  return rows.map((r) => ({
    name: r.name,
    description: r.description,
    versions: Number(r.versions),
    ...(r.latest === null ? {} : { latestVersion: Number(r.latest) }),
    aliases: Object.fromEntries(aliases.filter((a) => a.model === r.name).map((a) => [a.alias, Number(a.version)])),
  }));
}

/** A model's versions, newest first; a RegistryError when the model is not registered. */
export function listVersions(store: Store, model: string): ModelVersion[] {
  requireModel(store, model);
  const rows = store.db.prepare(`SELECT ${versionColumns} FROM model_versions WHERE model = ? ORDER BY version DESC`).all<VersionRow>(model);
  return toVersions(store, rows);
}

/** The versions registered from a run, oldest first. */
export function versionsFromRun(store: Store, runId: string): ModelVersion[] {
  const rows = store.db.prepare(`SELECT ${versionColumns} FROM model_versions WHERE run_id = ? ORDER BY created_at, id`).all<VersionRow>(runId);
  return toVersions(store, rows);
}

export function getVersionById(store: Store, id: number): ModelVersion | undefined {
  const row = store.db.prepare(`SELECT ${versionColumns} FROM model_versions WHERE id = ?`).get<VersionRow>(id);
  return row ? toVersions(store, [row])[0] : undefined;
}

/**
 * The version a reference names: a number, an alias, or latest (the highest version). A
 * RegistryError names what exists when the model, version or alias does not.
 */
export function resolveModelRef(store: Store, ref: string | ModelRef): ModelVersion {
  const parsed = typeof ref === 'string' ? parseModelRef(ref) : ref;
  const { model } = parsed;
  requireModel(store, model);
  const text = formatModelRef(model, parsed.ref);
  let row: VersionRow | undefined;
  if (typeof parsed.ref === 'number') {
    row = store.db.prepare(`SELECT ${versionColumns} FROM model_versions WHERE model = ? AND version = ?`).get<VersionRow>(model, parsed.ref);
    if (!row) throw new RegistryError(`${text} does not exist: ${versionRange(store, model)}.`);
  } else if (parsed.ref === 'latest') {
    row = store.db.prepare(`SELECT ${versionColumns} FROM model_versions WHERE model = ? ORDER BY version DESC LIMIT 1`).get<VersionRow>(model);
    if (!row) throw new RegistryError(`${text}: model ${model} has no versions (register one with \`mlops model register ${model} --run RUN\`).`);
  } else {
    row = store.db
      .prepare(`SELECT ${versionColumns} FROM model_versions WHERE id = (SELECT version_id FROM model_aliases WHERE model = ? AND alias = ?)`)
      .get<VersionRow>(model, parsed.ref);
    if (!row) {
      const names = aliasNames(store, model);
      throw new RegistryError(`Model ${model} has no alias "${parsed.ref}" (${names.length ? `aliases: ${names.join(', ')}, latest` : 'only latest is set'}).`);
    }
  }
  return toVersions(store, [row])[0];
}

/** Throws a RegistryError unless `model` is registered. */
export function requireModel(store: Store, model: string): void {
  if (store.db.prepare('SELECT 1 AS x FROM models WHERE name = ?').get(model)) return;
  const known = store.db.prepare('SELECT name FROM models ORDER BY name').all<{ name: string }>().map((r) => r.name);
  throw new RegistryError(
    `No model "${model}" is registered (${known.length ? `models: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}` : 'none yet: `mlops model register NAME --run RUN` adds one'}).`,
  );
}

function aliasNames(store: Store, model: string): string[] {
  return store.db.prepare('SELECT alias FROM model_aliases WHERE model = ? ORDER BY alias').all<{ alias: string }>(model).map((r) => r.alias);
}

function versionRange(store: Store, model: string): string {
  const nums = store.db.prepare('SELECT version FROM model_versions WHERE model = ? ORDER BY version').all<{ version: number }>(model).map((r) => Number(r.version));
  if (!nums.length) return `model ${model} has no versions`;
  return `versions of ${model}: ${nums.length > 12 ? `${nums.slice(0, 5).join(', ')}, ..., ${nums.slice(-5).join(', ')}` : nums.join(', ')}`;
}

function toVersions(store: Store, rows: VersionRow[]): ModelVersion[] {
  if (!rows.length) return [];
  const tagStmt = store.statement('SELECT key, value FROM model_version_tags WHERE version_id = ? ORDER BY key');
  const aliasStmt = store.statement('SELECT alias FROM model_aliases WHERE version_id = ? ORDER BY alias');
  const latestStmt = store.statement('SELECT MAX(version) AS latest FROM model_versions WHERE model = ?');
  const latest = new Map<string, number>();
  return rows.map((r) => {
    if (!latest.has(r.model)) latest.set(r.model, Number(latestStmt.get<{ latest: number }>(r.model)?.latest ?? 0));
    const aliases = aliasStmt.all<{ alias: string }>(r.id).map((a) => a.alias);
    if (Number(r.version) === latest.get(r.model)) aliases.push('latest');
    aliases.sort();
    return {
      id: Number(r.id),
      model: r.model,
      version: Number(r.version),
      runId: r.run_id,
      artifact: { hash: r.artifact_hash ?? '', path: r.artifact_path, kind: r.artifact_kind, size: Number(r.artifact_size) },
      description: r.description,
      metrics: JSON.parse(r.metrics_json) as Record<string, number | null>,
      signature: r.signature_json ? (JSON.parse(r.signature_json) as ModelSignature) : null,
      tags: Object.fromEntries(tagStmt.all<{ key: string; value: string }>(r.id).map((t) => [t.key, t.value])),
      aliases,
      registeredBy: r.registered_by,
      createdAt: Number(r.created_at),
    };
  });
}
