import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar';
import { appendAudit } from '../audit/appendAudit';
import { auditDatasetVersioned } from '../audit/datasetEvents';
import { canonicalJson } from '../audit/canonicalJson';
import { parseManifest, readManifest } from '../data/directoryManifest';
import { addVersion } from '../data/datasetVersions';
import { sha256File } from '../data/hashFile';
import { hasObject, recordObject, settle } from '../data/objectCache';
import type { Store } from '../store/store';
import { insertMetrics, type MetricPoint } from '../tracking/metricRecords';
import { addArtifact, getRun, insertRun, setTags, type RunRecord } from '../tracking/runRecords';
import {
  ARCHIVE_FILES,
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  decodeMetricValue,
  OBJECTS_DIR,
  type ArchivedDatasetVersion,
  type ArchivedObject,
  type ArchiveManifest,
  type ImportSummary,
} from './modelArchive';
import { formatModelRef, modelNamePattern } from './modelRef';
import { scratchFolder } from './scratchFolder';
import { RegistryError } from './types';

/** Tags an imported version carries: where it came from and the number it had there. */
export const IMPORT_TAGS = { origin: 'mlops.import.origin', version: 'mlops.import.version' } as const;

const allowedName = new RegExp(`^(?:${Object.values(ARCHIVE_FILES).map((f) => f.replace('.', '\\.')).join('|')}|${OBJECTS_DIR}/?|${OBJECTS_DIR}/[0-9a-f]{64})$`);

/**
 * Imports a model archive (exportModel's tar) into this workspace. All or nothing: the tar is
 * unpacked into a temp folder and every file and object is checked against the SHA-256 the manifest
 * gives before anything enters the cache or the store; a truncated, edited or foreign archive is a
 * RegistryError and changes nothing. Then the objects are settled into the cache and, in one
 * transaction, the run (same id; one already here must hold the same content), the dataset versions
 * whose data came along, and the model version under the next free number (the source's number and
 * workspace kept in tags) are recorded, with one audit entry 'model.imported'.
 */
export async function importModel(store: Store, file: string): Promise<ImportSummary> {
  const root = store.root;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new RegistryError(`No model archive at ${file}: give the .tar file \`mlops model export\` wrote.`);
  const stage = scratchFolder(root, 'import');
  try {
    await unpack(file, stage);
    const m = readArchiveManifest(stage, file);
    await checkFiles(stage, file, m);
    const versionRef = formatModelRef(m.version.model, m.version.version);
    const existingRun = m.run ? getRun(store, m.run.record.id) : undefined;
    if (m.run && existingRun && !sameRun(existingRun, m.run.record)) {
      throw new RegistryError(
        `${file}: run ${m.run.record.id} (the source of ${versionRef}) is already in this workspace with different content (${differences(existingRun, m.run.record).join(', ')}); nothing was imported.`,
      );
    }
    const twin = store.db
      .prepare('SELECT version FROM model_versions WHERE model = ? AND artifact_hash = ? AND run_id IS ? ORDER BY version LIMIT 1')
      .get<{ version: number }>(m.version.model, m.version.artifact.hash, m.version.runId);
    if (twin) throw new RegistryError(`${file} holds ${versionRef}, already here as ${formatModelRef(m.version.model, Number(twin.version))} (same run and artifact); nothing was imported.`);

    // Verified objects go into the cache first, so the records below never name a missing object. A
    // failure of the transaction leaves them unreferenced (gc removes them), never half a record.
    const kept = keptObjects(m);
    for (const o of kept) settle(root, path.join(stage, OBJECTS_DIR, o.hash), o.hash);
    const metrics = readMetrics(stage, m);
    const archiveHash = await sha256File(file);

    return store.transaction(() => {
      for (const o of kept) recordObject(store, o.hash, o.size);
      if (m.version.artifact.kind === 'directory') linkFolder(store, m.version.artifact.hash);
      const runCreated = !!m.run && !existingRun;
      if (m.run && runCreated) insertImportedRun(store, m.run, metrics);
      const datasets = m.datasets.map((d) => ({ ref: `${d.version.dataset}@${d.version.version}`, recorded: d.dataIncluded ? recordDatasetVersion(store, m, d) : null }));

      store.db.prepare('INSERT INTO models (name, description, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING').run(m.model.name, m.model.description, Date.now());
      const last = Number(store.db.prepare('SELECT last_version FROM models WHERE name = ?').get<{ last_version: number }>(m.model.name)!.last_version);
      const max = Number(store.db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM model_versions WHERE model = ?').get<{ v: number }>(m.model.name)!.v);
      const number = Math.max(last, max) + 1;
      store.db.prepare('UPDATE models SET last_version = ? WHERE name = ?').run(number, m.model.name);
      const v = m.version;
      const id = Number(
        store.db
          .prepare(
            `INSERT INTO model_versions (model, version, run_id, artifact_hash, artifact_path, artifact_kind, artifact_size, description, metrics_json,
                                         signature_json, registered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(v.model, number, v.runId, v.artifact.hash, v.artifact.path, v.artifact.kind, v.artifact.size, v.description, JSON.stringify(v.metrics), v.signature ? JSON.stringify(v.signature) : null, v.registeredBy, v.createdAt)
          .lastInsertRowid,
      );
      const origin = `${m.sourceWorkspace}: ${versionRef}, exported by ${m.exportedBy} on ${new Date(m.exportedAt).toISOString()}`;
      const tags = { ...v.tags, [IMPORT_TAGS.origin]: origin, [IMPORT_TAGS.version]: String(v.version) };
      const tagStmt = store.db.prepare('INSERT INTO model_version_tags (version_id, key, value) VALUES (?, ?, ?)');
      for (const [k, val] of Object.entries(tags)) tagStmt.run(id, k, val);

      const summary: ImportSummary = { model: v.model, version: number, originalVersion: v.version, sourceWorkspace: m.sourceWorkspace, runId: v.runId, runCreated, datasets, objects: kept.length };
      appendAudit(store, {
        action: 'model.imported',
        object: formatModelRef(v.model, number),
        details: {
          archive: { name: path.basename(file), sha256: archiveHash },
          source: { workspace: m.sourceWorkspace, ref: versionRef, exportedBy: m.exportedBy, exportedAt: m.exportedAt, auditEntries: m.audit.entries, auditHead: m.audit.lastHash },
          artifactHash: v.artifact.hash,
          runId: v.runId,
          runCreated,
          datasets,
          objects: kept.length,
        },
      });
      return summary;
    });
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** Unpacks only what an archive may hold (its named files and objects/HASH, plain files); anything else is refused. */
async function unpack(file: string, stage: string): Promise<void> {
  const refused: string[] = [];
  try {
    await tar.x({
      file,
      cwd: stage,
      strict: true,
      // Files get the time of unpacking, not the source's: gc spares an object by its recent mtime
      // while the records naming it are written.
      noMtime: true,
      filter: (raw, entry) => {
        const type = 'type' in entry ? entry.type : undefined;
        // An archive packed again with `tar -C DIR -cf FILE .` names its entries ./manifest.json.
        const p = raw.replace(/^\.\//, '');
        if (type === 'Directory' && (p === '' || p === '.')) return false;
        const ok = allowedName.test(p) && (type === 'File' || type === 'OldFile' || type === 'ContiguousFile' || (type === 'Directory' && /^objects\/?$/.test(p)));
        if (!ok) refused.push(raw);
        return ok;
      },
    });
  } catch (err) {
    throw new RegistryError(`${file} is not a complete model archive (${(err as Error).message}); nothing was imported.`);
  }
  if (refused.length) throw new RegistryError(`${file} holds entries a model archive does not (${refused.slice(0, 5).join(', ')}); nothing was imported.`);
}

function readArchiveManifest(stage: string, file: string): ArchiveManifest {
  const at = path.join(stage, ARCHIVE_FILES.manifest);
  if (!fs.existsSync(at)) throw new RegistryError(`${file} has no ${ARCHIVE_FILES.manifest}: it is not a model archive from \`mlops model export\`.`);
  let raw: Partial<ArchiveManifest> | null;
  try {
    raw = JSON.parse(fs.readFileSync(at, 'utf8')) as Partial<ArchiveManifest> | null;
  } catch (err) {
    throw new RegistryError(`${file}: ${ARCHIVE_FILES.manifest} is not valid JSON (${(err as Error).message}); nothing was imported.`);
  }
  const format: unknown = raw?.format;
  if (format !== ARCHIVE_FORMAT) throw new RegistryError(`${file} is not a model archive from \`mlops model export\` (its ${ARCHIVE_FILES.manifest} has no "format": "${ARCHIVE_FORMAT}").`);
  const m = raw as ArchiveManifest;
  const shaped = Array.isArray(m.objects) && Array.isArray(m.datasets) && typeof m.files === 'object' && m.files !== null && typeof m.version?.artifact?.hash === 'string' && m.model?.name === m.version.model;
  if (!shaped || !modelNamePattern.test(m.model.name)) throw new RegistryError(`${file}: ${ARCHIVE_FILES.manifest} lacks the fields of a model archive (objects, datasets, files, the version and its model); nothing was imported.`);
  if (m.formatVersion !== ARCHIVE_FORMAT_VERSION) {
    throw new RegistryError(`${file} has archive format version ${String(m.formatVersion)}; this mlops reads version ${ARCHIVE_FORMAT_VERSION}. Update the extension and the CLI.`);
  }
  return m;
}

/** Every file and object the manifest lists is there with the SHA-256 it gives (objects: their name). */
async function checkFiles(stage: string, file: string, m: ArchiveManifest): Promise<void> {
  const bad = (what: string, why: string) => new RegistryError(`${file}: ${what} ${why}; the archive is damaged or was edited, and nothing was imported.`);
  for (const [name, hash] of Object.entries(m.files)) {
    if (!(Object.values(ARCHIVE_FILES) as string[]).includes(name)) throw bad(name, 'is not a file a model archive holds');
    const at = path.join(stage, name);
    if (!fs.existsSync(at)) throw bad(name, 'is missing');
    if ((await sha256File(at)) !== hash) throw bad(name, 'does not match its SHA-256 in the manifest');
  }
  const present = new Set<string>();
  for (const o of m.objects) {
    const at = path.join(stage, OBJECTS_DIR, o.hash);
    if (!/^[0-9a-f]{64}$/.test(o.hash) || !fs.existsSync(at)) throw bad(`object ${String(o.hash).slice(0, 12)} (${o.role})`, 'is missing');
    const actual = await sha256File(at);
    if (actual !== o.hash) throw bad(`object ${o.hash.slice(0, 12)} (${o.role})`, `does not hash to its name (its SHA-256 is ${actual.slice(0, 12)})`);
    present.add(o.hash);
  }
  if (!present.has(m.version.artifact.hash)) throw bad(`the artifact ${m.version.artifact.path}`, 'is missing');
  const folders = [...(m.version.artifact.kind === 'directory' ? [m.version.artifact.hash] : []), ...m.datasets.filter((d) => d.dataIncluded && d.version.kind === 'directory').map((d) => d.version.hash)];
  for (const f of folders) {
    for (const e of parseManifest(fs.readFileSync(path.join(stage, OBJECTS_DIR, f), 'utf8'))) {
      if (!present.has(e.sha256)) throw bad(`file ${e.path} of folder ${f.slice(0, 12)}`, 'is missing');
    }
  }
  for (const d of m.datasets.filter((x) => x.dataIncluded && x.version.kind === 'file')) {
    if (!present.has(d.version.hash)) throw bad(`the data of ${d.version.dataset}@${d.version.version}`, 'is missing');
  }
}

/**
 * The objects this workspace keeps: the artifact, the run's diff, and data that came along. A folder
 * dataset's manifest without its files is not kept: no record would refer to it.
 */
function keptObjects(m: ArchiveManifest): ArchivedObject[] {
  return m.objects.filter((o) => o.role !== 'dataset-manifest');
}

/** The run's metric series; read only when the manifest lists the file (checkFiles then checked its hash). */
function readMetrics(stage: string, m: ArchiveManifest): MetricPoint[] {
  const at = path.join(stage, ARCHIVE_FILES.metrics);
  if (!m.files[ARCHIVE_FILES.metrics]) return [];
  return fs
    .readFileSync(at, 'utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => {
      const p = JSON.parse(l) as { key: string; step: number; value: unknown; timestamp: number };
      return { key: p.key, step: p.step, value: decodeMetricValue(p.value), timestamp: p.timestamp };
    });
}

/** The fields that make a run what it is (ids of its process and launcher are not among them). */
function runIdentity(r: RunRecord) {
  return { name: r.name, experiment: r.experiment, command: r.command, cwd: r.cwd, createdAt: r.createdAt, status: r.status, exitCode: r.exitCode ?? null, commit: r.git.commit ?? null, params: r.params };
}

function sameRun(a: RunRecord, b: RunRecord): boolean {
  return canonicalJson(runIdentity(a)) === canonicalJson(runIdentity(b));
}

function differences(a: RunRecord, b: RunRecord): string[] {
  const x = runIdentity(a) as Record<string, unknown>;
  const y = runIdentity(b) as Record<string, unknown>;
  return Object.keys(x).filter((k) => canonicalJson(x[k]) !== canonicalJson(y[k]));
}

function insertImportedRun(store: Store, run: NonNullable<ArchiveManifest['run']>, metrics: MetricPoint[]): void {
  const r = run.record;
  insertRun(store, {
    id: r.id,
    name: r.name,
    experiment: r.experiment,
    status: r.status,
    command: r.command,
    cwd: r.cwd,
    params: r.params,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    exitCode: r.exitCode,
    git: r.git,
    environment: r.environment,
    note: r.note,
  });
  setTags(store, r.id, run.tags);
  insertMetrics(store, r.id, metrics);
  const input = store.db.prepare('INSERT OR REPLACE INTO run_inputs (run_id, path, hash) VALUES (?, ?, ?)');
  for (const i of run.inputs) input.run(r.id, i.path, i.hash);
  // Only artifacts whose content is here: a row naming a missing object would break download and verify.
  for (const a of run.artifacts) if (a.hash && hasObject(store.root, a.hash)) addArtifact(store, r.id, a);
}

/** Records a dataset version whose data came along (or finds the same content already here) and links the run's input to it. */
function recordDatasetVersion(store: Store, m: ArchiveManifest, d: ArchivedDatasetVersion): string {
  const v = d.version;
  if (v.kind === 'directory') linkFolder(store, v.hash);
  const same = store.db
    .prepare('SELECT id, version FROM dataset_versions WHERE dataset = ? AND item = ? AND hash = ? ORDER BY version LIMIT 1')
    .get<{ id: number; version: number }>(v.dataset, v.item, v.hash);
  // An existing dataset keeps the path this workspace declares for it.
  const declaredPath = store.db.prepare('SELECT path FROM datasets WHERE name = ?').get<{ path: string }>(v.dataset)?.path ?? d.declaredPath;
  let here: { id: number; version: number };
  if (same) here = { id: Number(same.id), version: Number(same.version) };
  else {
    const added = addVersion(store, {
      dataset: v.dataset,
      declaredPath,
      item: v.item,
      kind: v.kind,
      hash: v.hash,
      size: v.size,
      source: 'cli',
      note: `imported with ${formatModelRef(m.version.model, m.version.version)} from ${m.sourceWorkspace} (version ${v.version} there)`,
    });
    here = added.version;
    if (added.created) auditDatasetVersioned(store, v.dataset, [added.version], 'import');
  }
  if (m.run) store.db.prepare('UPDATE run_inputs SET dataset_version_id = ? WHERE run_id = ? AND path = ? AND hash = ?').run(here.id, m.run.record.id, v.item, v.hash);
  return `${v.dataset}@${here.version}`;
}

/** Records which objects a folder's manifest (already in the cache) names, so gc keeps them. */
function linkFolder(store: Store, manifestHash: string): void {
  const link = store.db.prepare('INSERT OR IGNORE INTO object_refs (parent, child) VALUES (?, ?)');
  for (const e of readManifest(store.root, manifestHash, { store })) link.run(manifestHash, e.sha256);
}
