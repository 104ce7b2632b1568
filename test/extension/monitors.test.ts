// Monitors in the editor: a new batch of a monitor's current dataset is checked as its version is
// recorded; its drift shows in the Problems panel on the batch file and on the monitor in mlops.json;
// the status bar counts the alert until it is acknowledged; Open Drift Report opens the stored check;
// Check Monitor Now finds nothing left to check.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { latestVersion } from '../../src/core/data/datasetVersions';
import { listAlerts } from '../../src/core/monitors/alerts';
import { listChecks } from '../../src/core/monitors/checkRecords';
import { Store } from '../../src/core/store/store';
import { activateExtension, waitFor, workspaceUri, type WorkbenchApi } from './support';

/** n rows of a numeric column over 0..96 (+shift) and a three-valued category. */
const rows = (n: number, shift = 0) => ['level,zone', ...Array.from({ length: n }, (_, i) => `${((i * 7919) % 97) + shift},${['a', 'b', 'c'][i % 3]}`)].join('\n') + '\n';

/** Adds to mlops.json a reference file `ref`.csv, a glob of batches `batches`/*.csv and monitor `name` over them; waits for the reload. */
async function addMonitor(api: WorkbenchApi, name: string, ref: string, batches: string, monitor: Record<string, unknown>): Promise<string> {
  const root = workspaceUri().fsPath;
  const configFile = path.join(root, 'mlops.json');
  fs.writeFileSync(path.join(root, `${ref}.csv`), rows(300));
  fs.mkdirSync(path.join(root, batches), { recursive: true });
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  config.datasets = { ...config.datasets, [ref]: `${ref}.csv`, [batches]: `${batches}/*.csv` };
  config.monitors = { ...config.monitors, [name]: { reference: ref, current: batches, ...monitor } };
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  await waitFor('the new mlops.json to be loaded', () => api.configProblems().length === 0 && fs.readFileSync(configFile, 'utf8').includes(`"${name}"`));
  return configFile;
}

/** Version Now on `dataset` until its `item` has a version (the watcher may version it first). */
function versionNow(store: Store, dataset: string, item: string) {
  return waitFor(`a version of ${item}`, async () => {
    await vscode.commands.executeCommand('mlops.versionNow', dataset);
    return latestVersion(store, dataset, item);
  });
}

suite('monitors', () => {
  test('a drifted batch is checked as it is versioned: Problems on the batch and the monitor, the alert counted until acknowledged', async () => {
    const api = await activateExtension();
    const root = workspaceUri().fsPath;
    const configFile = await addMonitor(api, 'mtest', 'mref', 'mbatches', { driftShare: 0.5, actions: [{ notify: true }] });
    const store = Store.open(root);
    try {
      await versionNow(store, 'mref', 'mref.csv');
      const before = api.openAlerts();
      const batch = path.join(root, 'mbatches', 'b1.csv');
      fs.writeFileSync(batch, rows(150, 60));
      await versionNow(store, 'mbatches', 'mbatches/b1.csv');
      const check = await waitFor('the check of the batch', () => listChecks(store, 'mtest')[0], 30_000);
      assert.equal(check.outcome, 'drift');
      assert.equal(check.batchLabel, 'mbatches:mbatches/b1.csv@1');
      assert.equal(check.referenceLabel, 'mref:mref.csv@1');

      const drift = (file: string) => vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'MLOps drift');
      const onBatch = await waitFor('a drift problem on the batch file', () => drift(batch)[0]);
      assert.equal(onBatch.severity, vscode.DiagnosticSeverity.Error);
      assert.match(onBatch.message, /^Drift in monitor mtest: batch mbatches:mbatches\/b1\.csv@1 vs mref:mref\.csv@1\. 1 of 2 columns drifted.*level/);
      const onConfig = await waitFor('a drift problem on the monitor in mlops.json', () => drift(configFile).find((d) => d.message.includes('monitor mtest')));
      const lines = fs.readFileSync(configFile, 'utf8').split('\n');
      assert.match(lines[onConfig.range.start.line].slice(onConfig.range.start.character), /^"mtest"/);

      const alert = listAlerts(store, { monitor: 'mtest' })[0];
      assert.ok(alert, 'the drifted batch raised an alert');
      await waitFor('the status bar to count the alert', () => api.openAlerts() === before + 1);
      await vscode.commands.executeCommand('mlops.acknowledgeAlert', alert.id);
      await waitFor('the status bar to drop the acknowledged alert', () => api.openAlerts() === before);
      assert.equal(listAlerts(store, { monitor: 'mtest' })[0].state, 'acknowledged');

      const shown = await vscode.commands.executeCommand<{ title: string; drifted: string[] }>('mlops.openDriftCheck', check.id);
      assert.deepEqual(shown, { title: 'Drift: mbatches:mbatches/b1.csv@1 vs mref:mref.csv@1', datasetDrift: true, drifted: ['level'] });
      assert.deepEqual(await vscode.commands.executeCommand('mlops.checkMonitorNow', 'mtest'), []);
    } finally {
      store.close();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('a monitor naming a column its reference lacks is not checked: the problem shows at its line in mlops.json', async () => {
    const api = await activateExtension();
    const root = workspaceUri().fsPath;
    const configFile = await addMonitor(api, 'mwrong', 'mref2', 'mbad', { columns: ['level', 'nope'] });
    const store = Store.open(root);
    try {
      await versionNow(store, 'mref2', 'mref2.csv');
      fs.writeFileSync(path.join(root, 'mbad', 'b1.csv'), rows(100, 60));
      await versionNow(store, 'mbad', 'mbad/b1.csv');
      const problem = await waitFor('the refusal in mlops.json', () =>
        vscode.languages.getDiagnostics(vscode.Uri.file(configFile)).find((d) => d.source === 'MLOps drift' && d.message.includes('not checked until')),
      );
      const lines = fs.readFileSync(configFile, 'utf8').split('\n');
      assert.match(lines[problem.range.start.line], /"nope"/);
      assert.match(problem.message, /nope/);
      assert.deepEqual(listChecks(store, 'mwrong'), [], 'nothing was checked');
    } finally {
      store.close();
    }
  });
});
