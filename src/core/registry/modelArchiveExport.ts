import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar';
import { currentActor } from '../audit/actor';
import { listAudit } from '../audit/auditQuery';
import type { AuditEntry } from '../audit/types';
import type { MlopsConfig } from '../config/types';
import { readManifest } from '../data/directoryManifest';
import { getVersion } from '../data/datasetVersions';
import { sha256Bytes, sha256File } from '../data/hashFile';
import { objectPath } from '../data/objectCache';
import { corruptObject, missingObject } from '../data/objectQuarantine';
import { lineageOf } from '../lineage/lineage';
import type { Store } from '../store/store';
import { metricHistory, metricKeys } from '../tracking/metricRecords';
import { getArtifacts, getInputs, getRun, getTags } from '../tracking/runRecords';
import {
  ARCHIVE_FILES,
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  encodeMetricValue,
  OBJECTS_DIR,
  type ArchivedDatasetVersion,
  type ArchivedObject,
  type ArchivedObjectRole,
  type ArchiveManifest,
  type ExportSummary,
} from './modelArchive';
import { modelCardMarkdown } from './modelCard';
import { formatModelRef } from './modelRef';
import { resolveModelRef } from './modelVersions';
import { scratchFolder } from './scratchFolder';
import { RegistryError, type ModelVersion } from './types';

/**
 * Writes one model version to a tar at `to` (see modelArchive.ts for the layout): the artifact, the
 * run with its params, metric series, tags, inputs and artifact list, the manifests of the dataset
 * versions it read (`withData`: their data too), lineage, the audit entries about them, the model
 * card. Every object is checked against its hash as it is packed. The tar is written to a temp file
 * beside `to` and renamed, so `to` is the whole archive or untouched.
 */
export async function exportModel(store: Store, config: MlopsConfig, ref: string, to: string, opts: { withData?: boolean } = {}): Promise<ExportSummary> {
  const root = store.root;
  const version = resolveModelRef(store, ref);
  if (!fs.existsSync(path.dirname(to))) throw new RegistryError(`Cannot write ${to}: the folder ${path.dirname(to)} does not exist.`);
  if (fs.existsSync(to) && fs.statSync(to).isDirectory()) throw new RegistryError(`${to} is a folder: give --to the archive's file name, e.g. ${path.join(to, `${version.model}-${version.version}.tar`)}.`);
  const versionRef = formatModelRef(version.model, version.version);
  const stage = scratchFolder(root, 'export');
  fs.mkdirSync(path.join(stage, OBJECTS_DIR));
  const tmp = path.join(path.dirname(to), `.${path.basename(to)}.mlops-${randomBytes(4).toString('hex')}`);
  try {
    const objects = new ObjectStage(root, store, stage);
    await objects.add(version.artifact.hash, 'artifact', `The artifact of ${versionRef}`);
    if (version.artifact.kind === 'directory') await objects.addFolderFiles(version.artifact.hash, 'artifact-file', `The artifact of ${versionRef}`);

    const run = version.runId ? getRun(store, version.runId) : undefined;
    const files: Record<string, string> = {};
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(stage, name), text);
      files[name] = sha256Bytes(text);
    };

    const datasets: ArchivedDatasetVersion[] = [];
    if (run) {
      if (run.git.diff) await objects.add(run.git.diff, 'diff', `The uncommitted diff of run ${run.id}`);
      write(ARCHIVE_FILES.metrics, metricLines(store, run.id));
      for (const id of inputVersionIds(store, run.id)) {
        const dv = getVersion(store, id);
        if (!dv) continue;
        const what = `Dataset version ${dv.dataset}@${dv.version} (${dv.item})`;
        const declaredPath = store.db.prepare('SELECT path FROM datasets WHERE name = ?').get<{ path: string }>(dv.dataset)?.path ?? dv.item;
        if (dv.kind === 'directory') await objects.add(dv.hash, opts.withData ? 'dataset' : 'dataset-manifest', what);
        if (opts.withData) {
          if (dv.kind === 'directory') await objects.addFolderFiles(dv.hash, 'dataset-file', what);
          else await objects.add(dv.hash, 'dataset', what);
        }
        datasets.push({ version: dv, declaredPath, dataIncluded: !!opts.withData });
      }
    }

    const audit = auditAbout(store, version, run?.id ?? null, datasets);
    write(ARCHIVE_FILES.audit, audit.map((e) => JSON.stringify(e) + '\n').join(''));
    write(ARCHIVE_FILES.lineage, JSON.stringify(lineageOf(store, config, versionRef), null, 2) + '\n');
    write(ARCHIVE_FILES.card, modelCardMarkdown(store, config, versionRef));

    const model = store.db.prepare('SELECT name, description FROM models WHERE name = ?').get<{ name: string; description: string }>(version.model)!;
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      exportedAt: Date.now(),
      exportedBy: currentActor(root),
      sourceWorkspace: path.basename(root),
      model: { name: model.name, description: model.description },
      version,
      run: run ? { record: run, tags: getTags(store, run.id), inputs: getInputs(store, run.id), artifacts: getArtifacts(store, run.id) } : null,
      datasets,
      objects: objects.list,
      files,
      audit: { entries: audit.length, lastHash: audit.at(-1)?.hash ?? null },
    };
    fs.writeFileSync(path.join(stage, ARCHIVE_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');

    // manifest.json first: a reader learns what to expect before anything else.
    const entries = [ARCHIVE_FILES.manifest, ...Object.keys(files).sort(), ...objects.list.map((o) => `${OBJECTS_DIR}/${o.hash}`)];
    await tar.c({ file: tmp, cwd: stage, portable: true, noDirRecurse: true }, entries);
    const handle = await fs.promises.open(tmp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, to);
    return {
      file: to,
      model: version.model,
      version: version.version,
      runId: run?.id ?? null,
      objects: objects.list.length,
      bytes: objects.list.reduce((s, o) => s + o.size, 0),
      datasets: datasets.map((d) => ({ ref: `${d.version.dataset}@${d.version.version}`, dataIncluded: d.dataIncluded })),
      auditEntries: audit.length,
    };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Objects gathered for the tar under objects/HASH: hard links to the cache where the filesystem
 * allows (no copy of a big artifact), else copies; each hashed before it is packed, so a corrupted
 * cache object is reported here instead of travelling.
 */
class ObjectStage {
  readonly list: ArchivedObject[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly store: Store,
    private readonly stage: string,
  ) {}

  async add(hash: string, role: ArchivedObjectRole, what: string): Promise<void> {
    if (this.seen.has(hash)) return;
    const source = objectPath(this.root, hash);
    if (!fs.existsSync(source)) throw missingObject(hash, what);
    const dest = path.join(this.stage, OBJECTS_DIR, hash);
    try {
      fs.linkSync(source, dest);
    } catch {
      fs.copyFileSync(source, dest, fs.constants.COPYFILE_FICLONE);
    }
    const actual = await sha256File(dest);
    if (actual !== hash) {
      fs.rmSync(dest, { force: true });
      throw corruptObject(this.root, source, hash, actual, what, this.store);
    }
    this.seen.add(hash);
    this.list.push({ hash, size: fs.statSync(dest).size, role });
  }

  /** The files a folder manifest (already added) names. */
  async addFolderFiles(manifestHash: string, role: ArchivedObjectRole, what: string): Promise<void> {
    for (const e of readManifest(this.root, manifestHash, { store: this.store, what })) await this.add(e.sha256, role, `${what} (file ${e.path})`);
  }
}

function metricLines(store: Store, runId: string): string {
  const lines: string[] = [];
  for (const key of metricKeys(store, runId)) {
    for (const p of metricHistory(store, runId, key)) lines.push(JSON.stringify({ key, step: p.step, value: encodeMetricValue(p.value), timestamp: p.timestamp }) + '\n');
  }
  return lines.join('');
}

function inputVersionIds(store: Store, runId: string): number[] {
  return store.db
    .prepare('SELECT DISTINCT dataset_version_id AS id FROM run_inputs WHERE run_id = ? AND dataset_version_id IS NOT NULL ORDER BY dataset_version_id')
    .all<{ id: number }>(runId)
    .map((r) => Number(r.id));
}

/**
 * The source's audit entries about the version, its run and its data, in chain order, each once.
 * Alias moves name the alias (churn@champion): those to or from this version belong to it. A
 * versioning call that recorded several files names the dataset and lists the versions.
 */
function auditAbout(store: Store, version: ModelVersion, runId: string | null, datasets: ArchivedDatasetVersion[]): AuditEntry[] {
  const bySeq = new Map<number, AuditEntry>();
  const add = (entries: AuditEntry[]) => entries.forEach((e) => bySeq.set(e.seq, e));
  add(listAudit(store, { object: formatModelRef(version.model, version.version) }));
  add(listAudit(store, { objectFamily: version.model }).filter((e) => e.details.newVersion === version.version || e.details.oldVersion === version.version));
  if (runId) add(listAudit(store, { object: runId }));
  for (const { version: v } of datasets) {
    const refs = new Set([`${v.dataset}@${v.version}`, `${v.dataset}:${v.item}@${v.version}`]);
    const listed = (e: AuditEntry) => Array.isArray(e.details.versions) && (e.details.versions as Array<{ item?: unknown; version?: unknown }>).some((x) => x.item === v.item && x.version === v.version);
    add(listAudit(store, { objectFamily: v.dataset }).filter((e) => refs.has(e.object) || listed(e)));
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
