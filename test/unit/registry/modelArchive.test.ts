// Export a model version from one workspace and import it into another: real tars, real stores.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tar from 'tar';
import { listAudit } from '../../../src/core/audit/auditQuery';
import { verifyAudit } from '../../../src/core/audit/verifyAudit';
import { emptyConfig } from '../../../src/core/config/types';
import { readManifest } from '../../../src/core/data/directoryManifest';
import { listVersions as datasetVersions } from '../../../src/core/data/datasetVersions';
import { hasObject } from '../../../src/core/data/objectCache';
import { lineageOf } from '../../../src/core/lineage/lineage';
import { setAlias } from '../../../src/core/registry/aliases';
import { downloadModelVersion } from '../../../src/core/registry/downloadModelVersion';
import { ARCHIVE_FILES, type ArchiveManifest } from '../../../src/core/registry/modelArchive';
import { exportModel } from '../../../src/core/registry/modelArchiveExport';
import { IMPORT_TAGS, importModel } from '../../../src/core/registry/modelArchiveImport';
import { resolveModelRef } from '../../../src/core/registry/modelVersions';
import { registerModel } from '../../../src/core/registry/registerModel';
import { RegistryError } from '../../../src/core/registry/types';
import { Store } from '../../../src/core/store/store';
import { deleteRun } from '../../../src/core/tracking/deleteRun';
import { recordInputs } from '../../../src/core/tracking/inputs';
import { metricHistory } from '../../../src/core/tracking/metricRecords';
import { getInputs, getRun, getTags, insertRun, setTags } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';
import { finishedRun, registryWorkspace, registrySnapshot, type Fixture } from './registryFixture';

/** A source workspace with churn@1 registered from a run that read train@1 and logged auc. */
async function source(artifacts?: Record<string, string>, artifact?: string): Promise<{ f: Fixture; runId: string }> {
  const f = registryWorkspace({ churn: { metric: 'auc', direction: 'maximize', description: 'Who leaves next month' } });
  const runId = await finishedRun(f, { metrics: { auc: [0.7, NaN, 0.82] }, artifacts });
  setTags(f.store, runId, { stage: 'test' });
  await registerModel(f.store, f.config, { model: 'churn', runId, artifact, description: 'first fit', tags: { team: 'growth' } });
  return { f, runId };
}

function target(): Store {
  const root = tempWorkspace('mlops-import-');
  fs.writeFileSync(path.join(root, 'mlops.json'), '{}\n');
  return Store.open(root);
}

/** Everything an import could change: the registry, runs, datasets and the cache's files. */
function everything(store: Store): string {
  const runs = ['runs', 'run_params', 'run_tags', 'run_inputs', 'artifacts', 'metrics', 'datasets', 'dataset_versions'].map((t) => store.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
  const objects = fs.readdirSync(path.join(store.root, '.mlops', 'objects'), { recursive: true }).map(String).filter((p) => !p.startsWith('tmp')).sort();
  return registrySnapshot(store) + JSON.stringify(runs) + JSON.stringify(objects);
}

async function archiveOf(f: Fixture, ref = 'churn@1', withData = false): Promise<string> {
  const file = path.join(tempWorkspace('mlops-archive-'), 'churn.tar');
  await exportModel(f.store, f.config, ref, file, { withData });
  return file;
}

test('export then import into another workspace: the artifact is byte-identical, the run comes along, lineage shows it', async () => {
  const { f, runId } = await source({ 'model.pkl': 'weights: \u00e9\u0000binary' });
  const file = path.join(tempWorkspace('mlops-archive-'), 'churn.tar');
  const exported = await exportModel(f.store, f.config, 'churn@latest', file);
  assert.deepEqual([exported.model, exported.version, exported.runId, exported.datasets], ['churn', 1, runId, [{ ref: 'train@1', dataIncluded: false }]]);
  assert.ok(fs.existsSync(file));
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['churn.tar'], 'no temp file is left beside the archive');

  const into = target();
  const s = await importModel(into, file);
  assert.deepEqual([s.model, s.version, s.originalVersion, s.runId, s.runCreated], ['churn', 1, 1, runId, true]);
  assert.deepEqual(s.datasets, [{ ref: 'train@1', recorded: null }]);

  const v = resolveModelRef(into, 'churn@1');
  const original = resolveModelRef(f.store, 'churn@1');
  assert.equal(v.artifact.hash, original.artifact.hash);
  assert.deepEqual([v.description, v.metrics, v.signature, v.registeredBy], [original.description, original.metrics, original.signature, original.registeredBy]);
  assert.equal(v.tags.team, 'growth');
  assert.equal(v.tags[IMPORT_TAGS.version], '1');
  assert.match(v.tags[IMPORT_TAGS.origin], new RegExp(`^${path.basename(f.root)}: churn@1, exported by .+ on \\d{4}-`));

  const out = await downloadModelVersion(into, 'churn@1', path.join(tempWorkspace('mlops-download-'), 'model.pkl'));
  assert.deepEqual(fs.readFileSync(out), fs.readFileSync(path.join(f.root, 'model.pkl')), 'the downloaded artifact is byte-identical');

  const run = getRun(into, runId)!;
  assert.deepEqual([run.name, run.status, run.params, run.command], ['' + getRun(f.store, runId)!.name, 'finished', { lr: 0.1 }, 'python3 train.py']);
  assert.deepEqual(getTags(into, runId), { stage: 'test' });
  assert.deepEqual(metricHistory(into, runId, 'auc').map((p) => p.value), [0.7, NaN, 0.82], 'the series, NaN included');
  assert.deepEqual(getInputs(into, runId).map((i) => [i.path, i.dataset]), [['train.csv', undefined]], 'the input is known, its data version is not (no data came)');
  assert.deepEqual(datasetVersions(into, 'train'), []);

  const graph = lineageOf(into, emptyConfig(), 'churn@1');
  assert.ok(graph.nodes.some((n) => n.kind === 'run' && n.ref === runId), JSON.stringify(graph.nodes.map((n) => n.id)));
  assert.ok(graph.edges.some((e) => e.relation === 'registered-from'));

  const [entry] = listAudit(into, { action: 'model.imported' });
  assert.equal(entry.object, 'churn@1');
  assert.deepEqual((entry.details.source as { ref: string }).ref, 'churn@1');
  assert.equal((entry.details.source as { workspace: string }).workspace, path.basename(f.root));
  assert.equal(verifyAudit(into).ok, true);
});

test('the archive holds the manifest, metrics, lineage, the source\'s audit entries and the model card', async () => {
  const { f, runId } = await source();
  setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'first release' });
  // Another version's registration is not about churn@1.
  await registerModel(f.store, f.config, { model: 'churn', runId: await finishedRun(f, { artifacts: { 'other.pkl': 'o' } }) });
  const file = await archiveOf(f);
  const listed: string[] = [];
  await tar.t({ file, onReadEntry: (e) => listed.push(e.path) });
  assert.equal(listed[0], ARCHIVE_FILES.manifest, 'the manifest comes first');
  for (const name of Object.values(ARCHIVE_FILES)) assert.ok(listed.includes(name), `${name} in ${listed.join(', ')}`);
  const dir = tempWorkspace('mlops-unpacked-');
  await tar.x({ file, cwd: dir });
  const m = JSON.parse(fs.readFileSync(path.join(dir, ARCHIVE_FILES.manifest), 'utf8')) as ArchiveManifest;
  assert.equal(m.run?.record.id, runId);
  assert.deepEqual(m.datasets.map((d) => [d.version.dataset, d.version.version, d.dataIncluded]), [['train', 1, false]]);
  assert.deepEqual(m.objects.map((o) => o.role), ['artifact']);
  const audit = fs.readFileSync(path.join(dir, ARCHIVE_FILES.audit), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; object: string });
  assert.ok(audit.some((e) => e.action === 'model.registered' && e.object === 'churn@1'), JSON.stringify(audit));
  assert.ok(audit.some((e) => e.action === 'model.alias-moved' && e.object === 'churn@champion'), 'the alias moved to this version');
  assert.ok(audit.some((e) => e.action === 'run.created' && e.object === runId), 'the run\'s entries');
  assert.ok(audit.some((e) => e.action === 'dataset.versioned'), 'the data\'s entries');
  assert.ok(!audit.some((e) => e.object === 'churn@2'), 'nothing about another version');
  assert.equal(m.audit.entries, audit.length);
  assert.match(fs.readFileSync(path.join(dir, ARCHIVE_FILES.card), 'utf8'), /churn/);
  assert.equal((JSON.parse(fs.readFileSync(path.join(dir, ARCHIVE_FILES.lineage), 'utf8')) as { root: string }).root, 'model-version:churn@1');
});

test('--with-data brings the data: the dataset version is recorded and the run\'s input links to it', async () => {
  const { f, runId } = await source();
  const into = target();
  const s = await importModel(into, await archiveOf(f, 'churn@1', true));
  assert.deepEqual(s.datasets, [{ ref: 'train@1', recorded: 'train@1' }]);
  const [dv] = datasetVersions(into, 'train');
  assert.equal(dv.note.includes('imported with churn@1'), true, dv.note);
  assert.deepEqual(getInputs(into, runId).map((i) => i.dataset), [{ name: 'train', version: 1 }]);
  assert.deepEqual(listAudit(into, { action: 'dataset.versioned' }).map((e) => [e.object, e.details.source]), [['train@1', 'import']]);
  const graph = lineageOf(into, emptyConfig(), 'churn@1');
  assert.ok(graph.nodes.some((n) => n.kind === 'dataset-version' && n.ref?.startsWith('train')), JSON.stringify(graph.nodes.map((n) => n.id)));
});

test('the version gets the next free number here; the source\'s number and origin stay in its tags', async () => {
  const { f } = await source();
  const into = registryWorkspace();
  for (let i = 0; i < 2; i++) await registerModel(into.store, into.config, { model: 'churn', runId: await finishedRun(into, { artifacts: { [`m${i}.pkl`]: `here ${i}` } }) });
  const s = await importModel(into.store, await archiveOf(f));
  assert.deepEqual([s.version, s.originalVersion], [3, 1]);
  assert.equal(resolveModelRef(into.store, 'churn@latest').tags[IMPORT_TAGS.version], '1');
});

test('a folder artifact travels as its manifest and files', async () => {
  const { f } = await source({ 'out/model/a.txt': 'A', 'out/model/sub/b.txt': 'B' }, 'out/model');
  const into = target();
  await importModel(into, await archiveOf(f));
  const out = await downloadModelVersion(into, 'churn@1', path.join(tempWorkspace('mlops-download-'), 'model'));
  assert.equal(fs.readFileSync(path.join(out, 'sub', 'b.txt'), 'utf8'), 'B');
  assert.equal(fs.readFileSync(path.join(out, 'a.txt'), 'utf8'), 'A');
});

test('a truncated archive is refused and changes nothing', async () => {
  const { f } = await source({ 'model.pkl': 'x'.repeat(50_000) });
  const file = await archiveOf(f);
  const bytes = fs.readFileSync(file);
  const into = target();
  const before = everything(into);
  for (const cut of [bytes.length - 3000, Math.floor(bytes.length / 2), 700]) {
    fs.writeFileSync(file, bytes.subarray(0, cut));
    await assert.rejects(importModel(into, file), (err: Error) => err instanceof RegistryError && /nothing was imported/.test(err.message), `cut at ${cut}`);
    assert.equal(everything(into), before, `cut at ${cut}`);
  }
  assert.deepEqual(fs.readdirSync(path.join(into.root, '.mlops', 'tmp')), [], 'the unpacked files are gone');
});

test('an archive with a tampered object is refused and changes nothing', async () => {
  const { f } = await source({ 'model.pkl': 'the true weights' });
  const file = await archiveOf(f);
  const bytes = fs.readFileSync(file);
  const at = bytes.indexOf('the true weights');
  assert.ok(at > 0);
  bytes.write('the fake weights', at); // same length: the tar itself stays well-formed
  fs.writeFileSync(file, bytes);
  const into = target();
  const before = everything(into);
  await assert.rejects(importModel(into, file), /object [0-9a-f]{12} \(artifact\) does not hash to its name .*nothing was imported/);
  assert.equal(everything(into), before);
});

test('an edited metrics file or a foreign entry is refused', async () => {
  const { f } = await source();
  const dir = tempWorkspace('mlops-unpacked-');
  await tar.x({ file: await archiveOf(f), cwd: dir });
  const names = fs.readdirSync(dir, { recursive: true }).map(String).filter((p) => fs.statSync(path.join(dir, p)).isFile());
  fs.appendFileSync(path.join(dir, ARCHIVE_FILES.metrics), '{"key":"auc","step":9,"value":1,"timestamp":0}\n');
  const edited = path.join(dir, '..', `${path.basename(dir)}-edited.tar`);
  await tar.c({ file: edited, cwd: dir }, names);
  const into = target();
  await assert.rejects(importModel(into, edited), /metrics\.jsonl does not match its SHA-256 in the manifest/);
  fs.writeFileSync(path.join(dir, 'run.sh'), 'echo hi\n');
  const foreign = path.join(dir, '..', `${path.basename(dir)}-foreign.tar`);
  await tar.c({ file: foreign, cwd: dir }, [...names, 'run.sh']);
  await assert.rejects(importModel(into, foreign), /holds entries a model archive does not \(run\.sh\)/);
  await assert.rejects(importModel(into, path.join(dir, 'nope.tar')), /No model archive at/);
});

test('a run already here: the same content is reused, different content is refused; importing twice is refused', async () => {
  const { f, runId } = await source();
  const file = await archiveOf(f);
  const into = target();
  const s = await importModel(into, file);
  assert.equal(s.runCreated, true);
  await assert.rejects(importModel(into, file), /holds churn@1, already here as churn@1 \(same run and artifact\); nothing was imported/);

  // Another version of the same run (a second artifact): the run is reused.
  await registerModel(f.store, f.config, { model: 'churn', runId, artifact: 'model.pkl' });
  fs.writeFileSync(path.join(f.root, 'other.pkl'), 'other');
  await registerModel(f.store, f.config, { model: 'churn', runId, artifact: 'other.pkl' });
  const again = await importModel(into, await archiveOf(f, 'churn@3'));
  assert.deepEqual([again.version, again.originalVersion, again.runCreated], [2, 3, false]);

  const clash = target();
  const theirs = getRun(f.store, runId)!;
  insertRun(clash, { ...theirs, command: 'python3 other.py', launcherPid: undefined, pid: undefined });
  const before = everything(clash);
  await assert.rejects(importModel(clash, file), new RegExp(`run ${runId} .* is already in this workspace with different content \\(command\\); nothing was imported`));
  assert.equal(everything(clash), before);
});

test('a version whose run was deleted travels without a run; its copied metrics stay', async () => {
  const { f, runId } = await source();
  deleteRun(f.store, f.root, runId);
  const into = target();
  const s = await importModel(into, await archiveOf(f));
  assert.deepEqual([s.runId, s.runCreated, s.datasets], [null, false, []]);
  const v = resolveModelRef(into, 'churn@1');
  assert.deepEqual([v.runId, v.metrics], [null, { auc: 0.82 }]);
});

test('a folder dataset\'s version comes along with --with-data: its manifest and files, kept from gc', async () => {
  const f = registryWorkspace({ churn: { metric: 'auc' } });
  fs.mkdirSync(path.join(f.root, 'images', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(f.root, 'images', 'a.txt'), 'A');
  fs.writeFileSync(path.join(f.root, 'images', 'sub', 'b.txt'), 'B');
  f.config.datasets.images = { path: 'images' };
  const runId = await finishedRun(f);
  await recordInputs(f.store, f.root, f.config, runId, ['images']);
  await registerModel(f.store, f.config, { model: 'churn', runId });
  const withoutData = await archiveOf(f);
  const listed: string[] = [];
  await tar.t({ file: withoutData, onReadEntry: (e) => listed.push(e.path) });
  assert.equal(listed.filter((p) => p.startsWith('objects/')).length, 2, 'the artifact and the folder\'s manifest, no file of it');

  const into = target();
  const s = await importModel(into, await archiveOf(f, 'churn@1', true));
  assert.deepEqual(s.datasets.map((d) => d.recorded).sort(), ['images@1', 'train@1']);
  const [dv] = datasetVersions(into, 'images');
  assert.equal(dv.kind, 'directory');
  const files = readManifest(into.root, dv.hash);
  assert.deepEqual(files.map((e) => e.path), ['a.txt', 'sub/b.txt']);
  for (const e of files) assert.ok(hasObject(into.root, e.sha256));
  const refs = into.db.prepare('SELECT child FROM object_refs WHERE parent = ?').all<{ child: string }>(dv.hash).map((r) => r.child).sort();
  assert.deepEqual(refs, files.map((e) => e.sha256).sort(), 'gc keeps the folder\'s files');
});

test('export refuses a --to in a folder that does not exist, or naming a folder', async () => {
  const { f } = await source();
  const dir = tempWorkspace('mlops-archive-');
  await assert.rejects(exportModel(f.store, f.config, 'churn@1', path.join(dir, 'no', 'such.tar')), /the folder .* does not exist/);
  await assert.rejects(exportModel(f.store, f.config, 'churn@1', dir), /is a folder: give --to the archive's file name, e\.g\. .*churn-1\.tar/);
  await assert.rejects(exportModel(f.store, f.config, 'churn@9', path.join(dir, 'x.tar')), /churn@9 does not exist: versions of churn: 1/);
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('an archive packed again with tar -C DIR -cf FILE . (entries ./NAME) imports the same', async () => {
  const { f } = await source();
  const dir = tempWorkspace('mlops-unpacked-');
  await tar.x({ file: await archiveOf(f), cwd: dir });
  const repacked = path.join(tempWorkspace('mlops-repacked-'), 'churn.tar');
  await tar.c({ file: repacked, cwd: dir }, ['.']);
  const listed: string[] = [];
  await tar.t({ file: repacked, onReadEntry: (e) => listed.push(e.path) });
  assert.ok(listed.includes('./manifest.json'), listed.join(', '));
  const s = await importModel(target(), repacked);
  assert.equal(s.version, 1);
});

test('a link in place of an object is refused, never followed', async () => {
  const { f } = await source();
  const dir = tempWorkspace('mlops-unpacked-');
  await tar.x({ file: await archiveOf(f), cwd: dir });
  const m = JSON.parse(fs.readFileSync(path.join(dir, ARCHIVE_FILES.manifest), 'utf8')) as ArchiveManifest;
  const object = path.join(dir, 'objects', m.version.artifact.hash);
  fs.rmSync(object);
  fs.symlinkSync('/etc/hostname', object);
  const linked = path.join(tempWorkspace('mlops-linked-'), 'churn.tar');
  await tar.c({ file: linked, cwd: dir }, fs.readdirSync(dir, { recursive: true }).map(String).filter((p) => p !== 'objects'));
  const into = target();
  const before = everything(into);
  await assert.rejects(importModel(into, linked), new RegExp(`holds entries a model archive does not \\(objects/${m.version.artifact.hash}\\)`));
  assert.equal(everything(into), before);
});
