// The model registry in the editor, on the example workspace's "churn" (gate: val/auc >= 0.7; champion
// protected): Register as Model from seeded runs, the Models view's rows, Set Alias through a passing
// and a failing gate (refused, then forced with a reason), the champion in the status bar, Delete
// refused while aliased, Copy Ref and the model card in the Markdown preview.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { putFile } from '../../src/core/data/objectCache';
import { listVersions } from '../../src/core/registry/modelVersions';
import type { AliasEvent, ModelVersion } from '../../src/core/registry/types';
import { Store } from '../../src/core/store/store';
import { insertMetrics } from '../../src/core/tracking/metricRecords';
import { addArtifact, insertRun } from '../../src/core/tracking/runRecords';
import { activateExtension, waitFor, workspaceUri, type WorkbenchApi } from './support';

suite('models', () => {
  let api: WorkbenchApi;
  let store: Store;
  const root = () => workspaceUri().fsPath;

  /** A finished run of `train` that logged val/auc and stored models/NAME.json. */
  async function seededRun(name: string, auc: number[]): Promise<string> {
    const id = `models-${name}-${Date.now().toString(36)}`;
    const now = Date.now();
    insertRun(store, { id, name, experiment: 'train', status: 'finished', command: 'python3 train.py', cwd: root(), params: { lr: 0.1 }, createdAt: now, startedAt: now, endedAt: now, exitCode: 0 });
    store.transaction(() => insertMetrics(store, id, auc.map((value, step) => ({ key: 'val/auc', step, value, timestamp: now }))));
    const file = path.join(root(), 'models', `${name}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ weights: auc }));
    const o = await putFile(root(), file, store);
    addArtifact(store, id, { path: `models/${name}.json`, hash: o.hash, size: o.size });
    return id;
  }

  const aliasEvents = () => Number(store.db.prepare('SELECT COUNT(*) AS n FROM alias_events').get<{ n: number }>()!.n);
  const champion = () => listVersions(store, 'churn').find((v) => v.aliases.includes('champion'))?.version;
  const row = (label: string) => api.modelRows().find((r) => r.label === label && r.id.startsWith('model-version:'));

  let good: ModelVersion;
  let bad: ModelVersion;

  suiteSetup(async () => {
    api = await activateExtension();
    // Earlier suites rewrite mlops.json: start from the example's own (it declares churn with its gate).
    const example = path.resolve(__dirname, '../../../examples/demo-workspace/mlops.json');
    fs.writeFileSync(path.join(root(), 'mlops.json'), fs.readFileSync(example));
    await waitFor('the example mlops.json to be loaded', () => api.configRuns().includes('train') && api.configProblems().length === 0);
    store = Store.open(root());
  });
  suiteTeardown(() => store?.close());

  test('Register as Model registers a run; the Models view shows the version with its metric, run and latest badge', async () => {
    const runId = await seededRun('models-good', [0.8, 0.86]);
    good = (await vscode.commands.executeCommand<ModelVersion>('mlops.registerModel', { runId, model: 'churn', description: 'first candidate' }))!;
    assert.ok(good, 'Register as Model returned no version');
    assert.equal(good.model, 'churn');
    assert.equal(good.runId, runId);
    assert.equal(good.artifact.path, 'models/models-good.json');
    assert.equal(good.metrics['val/auc'], 0.86);
    const model = api.modelRows().find((r) => r.id === 'model:churn');
    assert.ok(model, JSON.stringify(api.modelRows()));
    assert.match(model.description, /^\d+ versions? · max val\/auc/);
    const v = row(`v${good.version}`);
    assert.ok(v, JSON.stringify(api.modelRows()));
    assert.equal(v.description, 'latest · val/auc 0.86 · models-good');
    assert.equal(v.contextValue, 'modelVersion');
    assert.match(v.tooltip, /first candidate/);
    // Its lineage: the source run, by name.
    assert.ok(api.modelRows().some((r) => r.id === `model-version:${good.id}:run` && r.label === 'models-good'));
  });

  test('Register as Model given an artifact of the run registers that artifact', async () => {
    const runId = await seededRun('models-bad', [0.6, 0.62]);
    bad = (await vscode.commands.executeCommand<ModelVersion>('mlops.registerModel', { runId, model: 'churn', artifact: 'models/models-bad.json' }))!;
    assert.ok(bad, 'Register as Model returned no version');
    assert.equal(bad.version, good.version + 1);
    assert.equal(bad.artifact.path, 'models/models-bad.json');
    assert.equal(row(`v${good.version}`)?.description, 'val/auc 0.86 · models-good', 'latest moved to the new version');
  });

  test('Set Alias moves the protected champion through a passing gate, and the status bar shows it', async () => {
    const result = await vscode.commands.executeCommand<{ event: AliasEvent }>('mlops.setModelAlias', { ref: `churn@${good.version}`, alias: 'champion', reason: 'passes the 0.7 floor' });
    assert.ok(result, 'Set Alias was refused');
    assert.equal(result.event.newVersion, good.version);
    assert.equal(result.event.reason, 'passes the 0.7 floor');
    assert.equal(result.event.forced, false);
    assert.ok(result.event.gate?.passed, JSON.stringify(result.event.gate));
    assert.equal(champion(), good.version);
    assert.equal(row(`v${good.version}`)?.description, 'champion · val/auc 0.86 · models-good');
    assert.equal(row(`v${good.version}`)?.contextValue, 'modelVersion.aliased');
    assert.equal(api.modelRows().find((r) => r.id === 'model:churn')?.description.endsWith(`champion v${good.version}`), true);
    await waitFor('the champion in the status bar', () => api.championStatus() === `$(package) churn: champion v${good.version} (val/auc 0.86)`);
  });

  test('Set Alias to the version the alias already holds changes nothing and records nothing', async () => {
    const before = aliasEvents();
    const again = await vscode.commands.executeCommand('mlops.setModelAlias', { ref: `churn@${good.version}`, alias: 'champion', reason: 'once more' });
    assert.equal(again, undefined);
    assert.deepEqual(aliasEvents(), before);
    assert.equal(champion(), good.version);
  });

  test('Set Alias on a version failing the gate is refused and changes nothing; with force and a reason it moves, recorded as forced', async () => {
    const before = aliasEvents();
    const refused = await vscode.commands.executeCommand('mlops.setModelAlias', { ref: `churn@${bad.version}`, alias: 'champion', reason: 'try it' });
    assert.equal(refused, undefined, 'a failing gate must refuse the move');
    assert.equal(champion(), good.version);
    assert.equal(aliasEvents(), before);

    const forced = await vscode.commands.executeCommand<{ event: AliasEvent }>('mlops.setModelAlias', { ref: `churn@${bad.version}`, alias: 'champion', reason: 'hotfix for a broken feature', force: true });
    assert.ok(forced, 'a forced move was refused');
    assert.equal(forced.event.forced, true);
    assert.equal(forced.event.oldVersion, good.version);
    assert.equal(forced.event.gate?.passed, false);
    assert.equal(champion(), bad.version);
    assert.equal(row(`v${bad.version}`)?.description, 'champion · latest · val/auc 0.62 · models-bad');
    await waitFor('the new champion in the status bar', () => api.championStatus() === `$(package) churn: champion v${bad.version} (val/auc 0.62)`);
  });

  test('Delete Model Version is refused while an alias points at the version; Copy Ref copies churn@N', async () => {
    const deleted = await vscode.commands.executeCommand('mlops.deleteModelVersion', { ref: `churn@${bad.version}`, reason: 'clean up' });
    assert.notEqual(deleted, true);
    assert.ok(listVersions(store, 'churn').some((v) => v.version === bad.version));
    const ref = await vscode.commands.executeCommand<string>('mlops.copyModelRef', { ref: `churn@${good.version}` });
    assert.equal(ref, `churn@${good.version}`);
    assert.equal(await vscode.env.clipboard.readText(), `churn@${good.version}`);
  });

  test('Download Artifact writes the version\'s bytes where asked; Remove Alias takes the alias off with its reason', async () => {
    const to = path.join(root(), 'downloads', 'good.json');
    const written = await vscode.commands.executeCommand<string>('mlops.downloadModelArtifact', { ref: `churn@${good.version}`, to });
    assert.equal(written, to);
    assert.equal(fs.readFileSync(to, 'utf8'), fs.readFileSync(path.join(root(), 'models', 'models-good.json'), 'utf8'));

    const removed = await vscode.commands.executeCommand<AliasEvent>('mlops.removeModelAlias', { ref: `churn@${bad.version}`, alias: 'champion', reason: 'the hotfix is over' });
    assert.ok(removed, 'Remove Alias was refused');
    assert.equal(removed.oldVersion, bad.version);
    assert.equal(removed.newVersion, null);
    assert.equal(champion(), undefined);
    assert.equal(row(`v${bad.version}`)?.contextValue, 'modelVersion');
    await waitFor('the status bar without a champion', () => api.championStatus() === `$(package) churn: no champion (latest v${bad.version})`);
    // Put the champion back for the card below.
    await vscode.commands.executeCommand('mlops.setModelAlias', { ref: `churn@${good.version}`, alias: 'champion', reason: 'back to the better version' });
    assert.equal(champion(), good.version);
  });

  test('Set Alias runs the alias\'s deploy hook (trusted workspace) with the model, version and artifact in its environment', async () => {
    const configFile = path.join(root(), 'mlops.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    config.models.churn.onAlias = { canary: 'echo "$MLOPS_MODEL $MLOPS_VERSION $(cat "$MLOPS_ARTIFACT")" > deployed.txt; echo hook-ran' };
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
    // Refresh reloads mlops.json at once (the file watcher would, later).
    await vscode.commands.executeCommand('mlops.refresh');
    assert.deepEqual(api.configProblems(), []);
    assert.ok(vscode.workspace.isTrusted, 'the test instance runs trusted');
    const moved = await vscode.commands.executeCommand<{ event: AliasEvent; hook: { exitCode: number; output: string } | null }>('mlops.setModelAlias', {
      ref: `churn@${good.version}`,
      alias: 'canary',
      reason: 'try it on 5% of traffic',
    });
    assert.ok(moved?.hook, `no hook result: ${JSON.stringify(moved)}`);
    assert.equal(moved.hook.exitCode, 0, moved.hook.output);
    assert.match(moved.hook.output, /hook-ran/);
    const weights = fs.readFileSync(path.join(root(), 'models', 'models-good.json'), 'utf8');
    assert.equal(fs.readFileSync(path.join(root(), 'deployed.txt'), 'utf8'), `churn ${good.version} ${weights}\n`);
  });

  test('Open Model Card renders the card as Markdown, opens its preview, and the open card follows alias moves', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('mlops.openModelCard', { ref: `churn@${good.version}` });
    assert.ok(uri, 'Open Model Card returned no document');
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /^---\n/, 'YAML front matter first');
    assert.ok(text.includes(`# Model card: churn@${good.version}\n`), text.slice(0, 1200));
    assert.match(text, /val\/auc/);
    assert.match(text, /0\.86/);
    assert.match(text, /passes the 0\.7 floor/, 'the alias history with its reasons');
    await waitFor('a Markdown preview tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)),
    );
    // The open card follows the registry: an alias set afterwards shows in it.
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.commands.executeCommand('mlops.setModelAlias', { ref: `churn@${good.version}`, alias: 'staging', reason: 'for the shadow deployment' });
    await waitFor('the open card to show the new alias', () => doc.getText().includes('for the shadow deployment'));
  });
});
