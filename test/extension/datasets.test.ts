// Data versioning in the real extension: a declared CSV is versioned by the watcher as it changes,
// restores byte-identical, opens as an mlops-data: document, and diffs.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { emptyConfig } from '../../src/core/config/types';
import { listVersions, type DatasetVersion } from '../../src/core/data/datasetVersions';
import { versionDataset } from '../../src/core/data/versionDataset';
import { Store } from '../../src/core/store/store';
import { activateExtension, waitFor, workspaceUri, type WorkbenchApi } from './support';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const V1 = 'letter,count\na,1\nb,2\n';
const V2 = 'letter,count\na,1\nb,3\nc,4\n';

suite('datasets', () => {
  let api: WorkbenchApi;
  let store: Store;
  const root = () => workspaceUri().fsPath;
  const file = () => path.join(root(), 'data', 'letters.csv');
  const versions = (): DatasetVersion[] => listVersions(store, 'letters', 'data/letters.csv');

  suiteSetup(async () => {
    api = await activateExtension();
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    fs.writeFileSync(file(), V1);
    const config = JSON.parse(fs.readFileSync(path.join(root(), 'mlops.json'), 'utf8')) as { datasets?: Record<string, unknown> };
    config.datasets = { ...config.datasets, letters: 'data/letters.csv' };
    fs.writeFileSync(path.join(root(), 'mlops.json'), JSON.stringify(config, null, 2));
    store = Store.open(root());
  });
  suiteTeardown(() => store?.close());

  test('Version Now versions a declared CSV, and the watcher versions its changes', async () => {
    await waitFor('the extension to load letters from mlops.json', () => api.datasetRows().some((r) => r.id === 'dataset:letters'));
    // Never versioned: the row says so, its menus offer Version Now (context value), and it takes no git decoration.
    const untracked = await waitFor('letters to show as untracked', () => api.datasetRows().find((r) => r.id === 'dataset:letters' && r.contextValue === 'dataset.untracked'));
    assert.match(untracked.description, /untracked/);
    assert.match(untracked.tooltip, /Version Now records its first version/);
    assert.equal(untracked.resourceUri, undefined);
    await vscode.commands.executeCommand('mlops.versionNow', 'letters');
    assert.deepEqual(versions().map((v) => [v.version, v.hash]), [[1, sha(V1)]]);
    await waitFor('letters to show as clean', () => api.datasetRows().find((r) => r.id === 'dataset:letters' && r.contextValue === 'dataset'));
    // The reload that brought letters restarted the watcher: once that has ended, it watches letters
    // and one edit is enough.
    await api.settled();
    fs.writeFileSync(file(), V2);
    const v2 = await waitFor('the watcher to version the edited CSV', () => versions().find((v) => v.source === 'watch'), 30_000);
    assert.equal(v2.version, 2);
    assert.equal(v2.hash, sha(V2));
  });

  test('Restore This Version writes the old content back byte-identical', async () => {
    const v1 = versions().find((v) => v.version === 1)!;
    await vscode.commands.executeCommand('mlops.restoreVersion', { versionId: v1.id });
    assert.equal(sha(fs.readFileSync(file())), sha(V1));
    assert.equal(versions()[0].hash, sha(V1), 'the restore is recorded as the newest version');
    assert.equal(versions()[0].source, 'restore');
  });

  test('Open Version shows the old content in a read-only mlops-data: document', async () => {
    const v2 = versions().find((v) => v.version === 2)!;
    await vscode.commands.executeCommand('mlops.openVersion', { versionId: v2.id });
    const doc = await waitFor('the version document', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.scheme === 'mlops-data' ? d : undefined;
    });
    assert.equal(sha(doc.getText()), v2.hash);
    assert.match(doc.uri.path, /letters\.csv$/);
  });

  test('Compare with Previous opens the diff editor on two mlops-data: documents', async () => {
    const v2 = versions().find((v) => v.version === 2)!;
    await vscode.commands.executeCommand('mlops.compareVersionWithPrevious', { versionId: v2.id });
    const tab = await waitFor('a diff tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.equal(tab.original.scheme, 'mlops-data');
    assert.match(tab.original.path, /letters@v1\//);
    assert.match(tab.modified.path, /letters@v2\//);
  });

  test('relative ages stay current: the view redraws when the youngest age shown goes stale, and keeps no timer while hidden', async function () {
    // "just now" turns into "1m ago" up to a minute after the versions were made.
    this.timeout(150_000);
    await vscode.commands.executeCommand('mlops.datasets.focus');
    // Every version row's age, by row id.
    const ages = () => JSON.stringify(api.datasetRows().filter((r) => r.id.startsWith('version:')).map((r) => [r.id, /just now|\d+[mhd] ago/.exec(r.description)?.[0]]));
    await waitFor('the visible view to schedule its next age redraw', () => (ages(), api.datasetAgeRefreshDue()));
    const due = api.datasetAgeRefreshDue()!;
    const redrawn = api.nextDatasetAgeRedraw();
    const before = ages();
    assert.match(before, /just now|\d+m ago/, 'version rows show their ages');
    // The period follows the youngest age: within the minute while one is under an hour old.
    assert.ok(due - Date.now() <= 60_000, `due in ${due - Date.now()} ms`);
    await redrawn;
    assert.notEqual(ages(), before, 'the redraw came once an age shown had changed');

    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the hidden view to drop its timer', () => api.datasetAgeRefreshDue() === undefined);
    api.datasetRows();
    assert.equal(api.datasetAgeRefreshDue(), undefined, 'drawing rows while hidden starts no timer');
  });

  test('a version recorded by another writer (the CLI, a run) reaches the extension as a store change', async () => {
    await api.settled();
    const before = api.storeChanges();
    const heard = api.nextStoreChange();
    // Declared only here, so the extension's own watcher leaves the file alone: this test's connection
    // writes the store, and the extension hears of it only through its watcher on .mlops/store.db.
    fs.writeFileSync(path.join(root(), 'data', 'other.csv'), 'x\n1\n');
    await versionDataset(store, root(), { ...emptyConfig(), datasets: { other: { path: 'data/other.csv' } } }, 'other', { source: 'cli' });
    assert.ok((await heard) > before);
  });
});
