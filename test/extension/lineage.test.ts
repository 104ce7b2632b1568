// Show Lineage in the editor, on the example workspace: a run that read train (versioned through core,
// as a run's inputs are) and test, registered as churn. The panel opens on a model version, a run, a
// dataset version and a typed reference, holds the graph core's lineageOf draws, and redraws when
// the store changes; a reference that names nothing opens no panel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadConfig } from '../../src/core/config/loadConfig';
import { putFile } from '../../src/core/data/objectCache';
import { registerModel } from '../../src/core/registry/registerModel';
import type { ModelVersion } from '../../src/core/registry/types';
import { Store } from '../../src/core/store/store';
import { recordInputs } from '../../src/core/tracking/inputs';
import { insertMetrics } from '../../src/core/tracking/metricRecords';
import { addArtifact, insertRun } from '../../src/core/tracking/runRecords';
import type { VersionsCompared } from '../../src/extension/commands/compareVersions';
import type { LineageShown } from '../../src/extension/panels/lineagePanel';
import { activateExtension, waitFor, workspaceUri, type WorkbenchApi } from './support';

suite('lineage', () => {
  let api: WorkbenchApi;
  let store: Store;
  let runId: string;
  let version: ModelVersion;
  const root = () => workspaceUri().fsPath;
  const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  const lineageTab = (title: string) => allTabs().find((t) => t.label === title && t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlops.lineage'));
  const kinds = (s: LineageShown | undefined) => new Set(s?.data?.nodes.map((n) => n.kind));

  suiteSetup(async () => {
    api = await activateExtension();
    const example = path.resolve(__dirname, '../../../examples/demo-workspace/mlops.json');
    fs.writeFileSync(path.join(root(), 'mlops.json'), fs.readFileSync(example));
    await waitFor('the example mlops.json to be loaded', () => api.configRuns().includes('train') && api.configProblems().length === 0);
    store = Store.open(root());
    const config = loadConfig(root()).config;
    runId = `lineage-${Date.now().toString(36)}`;
    const now = Date.now();
    insertRun(store, { id: runId, name: 'lineage-run', experiment: 'train', status: 'finished', command: 'python3 train.py', cwd: root(), params: { lr: 0.05 }, createdAt: now, startedAt: now, endedAt: now, exitCode: 0 });
    await recordInputs(store, root(), config, runId, ['data/train.csv', 'data/test.csv']);
    store.transaction(() => insertMetrics(store, runId, [{ key: 'val/auc', step: 0, value: 0.83, timestamp: now }]));
    const file = path.join(root(), 'models', 'lineage.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"weights": [1, 2]}');
    const o = await putFile(root(), file, store);
    addArtifact(store, runId, { path: 'models/lineage.json', hash: o.hash, size: o.size });
    version = await registerModel(store, config, { model: 'churn', runId });
  });
  suiteTeardown(() => store?.close());

  test('Show Lineage on a model version draws its run, the dataset versions the run read, its params and environment', async () => {
    const ref = `churn@${version.version}`;
    const shown = await vscode.commands.executeCommand<LineageShown>('mlops.showLineage', { kind: 'version', v: version });
    assert.ok(shown?.data, `no graph: ${JSON.stringify(shown)}`);
    assert.equal(shown.ref, `model:${ref}`, 'a node from a view is named unambiguously');
    assert.equal(shown.title, `Lineage: ${ref}`, 'the title names the root as drawn');
    assert.equal(shown.data.root, `model-version:${ref}`);
    for (const k of ['model-version', 'run', 'dataset-version', 'params'] as const) assert.ok(kinds(shown).has(k), `no ${k} node in ${JSON.stringify(shown.data.nodes.map((n) => n.id))}`);
    const run = shown.data.nodes.find((n) => n.id === `run:${runId}`);
    assert.ok(run?.openable, 'the run opens');
    assert.deepEqual(run.status, { text: 'finished', tone: 'ok' });
    const data = shown.data.nodes.filter((n) => n.kind === 'dataset-version').map((n) => n.ref);
    assert.ok(data.some((r) => r?.startsWith('train@')) && data.some((r) => r?.startsWith('test@')), `dataset refs: ${data.join(', ')}`);
    assert.ok(shown.data.nodes.find((n) => n.id === shown.data!.root)?.badges.includes('latest'), 'the version carries its latest badge');
    await waitFor(`a tab "Lineage: ${ref}"`, () => lineageTab(`Lineage: ${ref}`));
    assert.deepEqual(api.lineageShown()?.data?.root, shown.data.root);
  });

  test('on a run (the Runs view node) downstream reaches the model version; on a dataset version, the run and the version built on it', async () => {
    const fromRun = await vscode.commands.executeCommand<LineageShown>('mlops.showLineage', { kind: 'run', run: { id: runId } });
    assert.equal(fromRun?.data?.root, `run:${runId}`);
    assert.ok(fromRun.data.edges.some((e) => e.from === `model-version:churn@${version.version}` && e.to === `run:${runId}` && e.relation === 'registered-from'), JSON.stringify(fromRun.data.edges));
    const train = fromRun.data.nodes.find((n) => n.kind === 'dataset-version' && n.ref?.startsWith('train@'))!;
    const fromData = await vscode.commands.executeCommand<LineageShown>('mlops.showLineage', train.ref);
    assert.equal(fromData?.data?.root, train.id);
    assert.ok(fromData.data.nodes.some((n) => n.id === `run:${runId}`) && fromData.data.nodes.some((n) => n.id === `model-version:churn@${version.version}`), JSON.stringify(fromData.data.nodes.map((n) => n.id)));
    assert.match(fromData.title, new RegExp(`^Lineage: ${train.ref!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(data/train\\.csv\\)$`));
    await waitFor(`a tab "${fromData.title}" (one panel, reused)`, () => lineageTab(fromData.title));
    assert.equal(allTabs().filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlops.lineage')).length, 1);
  });

  test('a reference that names nothing opens no graph and leaves the panel as it was', async () => {
    const before = api.lineageShown()?.ref;
    const shown = await vscode.commands.executeCommand<LineageShown>('mlops.showLineage', 'churn@999');
    assert.equal(shown, undefined, 'the command failed (its error is the notification)');
    assert.equal(api.lineageShown()?.ref, before);
  });

  test('the open graph redraws when the store changes: a second version from the same run appears downstream of it', async () => {
    await vscode.commands.executeCommand('mlops.showLineage', runId);
    const second = await registerModel(store, loadConfig(root()).config, { model: 'churn', runId, description: 'same run again' });
    const id = `model-version:churn@${second.version}`;
    await waitFor(() => `${id} in the open graph (nodes: ${JSON.stringify(api.lineageShown()?.data?.nodes.map((n) => n.id))})`, () => api.lineageShown()?.data?.nodes.some((n) => n.id === id));
  });

  test('Compare Versions on the model opens the Compare panel over the source runs and charts val/auc across every version', async () => {
    const compared = await vscode.commands.executeCommand<VersionsCompared>('mlops.compareModelVersions', { kind: 'model', name: 'churn' });
    assert.ok(compared, 'the command returned nothing');
    const versions = compared.versions.map((r) => Number(r.split('@')[1]));
    assert.ok(versions.length >= 2 && versions.every((v, i) => i === 0 || v > versions[i - 1]), `versions in order: ${compared.versions.join(', ')}`);
    assert.ok(compared.runIds.includes(runId));
    assert.equal(compared.metrics.metrics[0], 'val/auc', 'the ranking metric first');
    assert.equal(compared.metrics.directions['val/auc'], 'maximize');
    const ours = compared.metrics.points.filter((p) => p.metric === 'val/auc' && p.version >= version.version);
    assert.ok(ours.length >= 2 && ours.every((p) => p.value === 0.83), JSON.stringify(ours));
    assert.ok(compared.metrics.points.some((p) => p.aliases.includes('latest')), 'the latest version is marked');
    await waitFor(() => `a tab "${compared.title}" (tabs: ${allTabs().map((t) => t.label).join(', ')})`, () =>
      allTabs().find((t) => t.label === compared.title && t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlops.compare')));
    // Two versions picked (as a multi-selection passes them): only those.
    const two = await vscode.commands.executeCommand<VersionsCompared>('mlops.compareModelVersions', `churn@${versions[1]}`, [`churn@${versions[0]}`, `churn@${versions[1]}`]);
    assert.deepEqual(two?.versions, [`churn@${versions[0]}`, `churn@${versions[1]}`]);
  });
});
