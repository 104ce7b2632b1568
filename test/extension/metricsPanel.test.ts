// Metrics panel contract: runs seeded through core, "Show Metrics" for two run ids (and for a tree
// node) opens the "MLOps Metrics" webview tab; a second call reuses it. While it shows a running
// run, run terminals write less often (the workbench's thread relays the panel's points).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Store } from '../../src/core/store/store';
import { insertMetrics, type MetricPoint } from '../../src/core/tracking/metricRecords';
import { newRunId } from '../../src/core/tracking/runId';
import { insertRun, listRuns } from '../../src/core/tracking/runRecords';
import { activateExtension, waitFor, workspaceUri, type WorkbenchApi } from './support';

suite('metrics panel', () => {
  let api: WorkbenchApi;
  let store: Store;
  const t0 = Date.now() - 120_000;
  const runs = [newRunId(t0), newRunId(t0 + 1000)];

  suiteSetup(async () => {
    api = await activateExtension();
    store = Store.open(workspaceUri().fsPath);
    runs.forEach((id, r) => {
      insertRun(store, { id, name: `metrics-${r}`, experiment: 'metrics-test', status: 'finished', command: 'python3 train.py', cwd: '.', params: { lr: 0.1 / (r + 1) }, createdAt: t0 + r, startedAt: t0 + r });
      const points: MetricPoint[] = [];
      for (let step = 0; step < 5000; step++) {
        points.push({ key: 'train/loss', step, value: Math.exp(-step / 1000) + (step === 2500 ? 5 : 0), timestamp: t0 + step * 10 });
        if (step % 100 === 0) points.push({ key: 'val/auc', step, value: step === 300 ? NaN : 0.5 + step / 20_000, timestamp: t0 + step * 10 });
      }
      store.transaction(() => insertMetrics(store, id, points));
    });
  });

  suiteTeardown(() => store?.close());

  const metricsTabs = () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlops.metrics'));
  const labels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ');

  test('Show Metrics for two run ids opens a tab "MLOps Metrics"', async () => {
    await vscode.commands.executeCommand('mlops.showMetrics', runs);
    const tab = await waitFor(() => `a Metrics webview tab (tabs: ${labels()})`, () => metricsTabs()[0]);
    assert.equal(tab.label, 'MLOps Metrics');
  });

  test('Show Metrics from a Runs-tree node reuses the one panel', async () => {
    await vscode.commands.executeCommand('mlops.showMetrics', { kind: 'run', run: { id: runs[0] } });
    await waitFor('the Metrics tab to be active', () => metricsTabs().find((t) => t.isActive));
    assert.equal(metricsTabs().length, 1, `tabs: ${labels()}`);
  });

  test('while the panel shows a running run, run terminals write twice a second; at its end, ten times again', async () => {
    const root = workspaceUri().fsPath;
    const configFile = path.join(root, 'mlops.json');
    const saved = fs.readFileSync(configFile);
    const gate = path.join(root, 'pace.done');
    fs.rmSync(gate, { force: true });
    // Runs until the test writes the gate file, however slow the machine.
    const command = `python3 -c "import os, time\nwhile not os.path.exists('pace.done'): time.sleep(0.05)"`;
    fs.writeFileSync(configFile, JSON.stringify({ runs: { pace: { command } } }, null, 2));
    try {
      await waitFor('the pace run config to be loaded', () => api.configRuns().includes('pace') && api.configProblems().length === 0);
      // Showing finished runs slows nothing.
      await vscode.commands.executeCommand('mlops.showMetrics', runs);
      await waitFor('the Metrics tab to be active', () => metricsTabs().find((t) => t.isActive));
      assert.equal(api.terminalFlushMs(), 100);
      const before = new Set(listRuns(store, { experiment: 'pace' }).map((r) => r.id));
      await vscode.commands.executeCommand('mlops.run', 'pace');
      const run = await waitFor('the pace run to start', () => listRuns(store, { experiment: 'pace' }).find((r) => !before.has(r.id) && r.status === 'running'), 15_000);
      await vscode.commands.executeCommand('mlops.showMetrics', [run.id]);
      await waitFor(() => `terminals to write every 500 ms (now ${api.terminalFlushMs()})`, () => api.terminalFlushMs() === 500);
      fs.writeFileSync(gate, '');
      await waitFor('the pace run to finish', () => listRuns(store, { ids: [run.id] })[0]?.status === 'finished', 15_000);
      await waitFor(() => `terminals to write every 100 ms again (now ${api.terminalFlushMs()})`, () => api.terminalFlushMs() === 100);
    } finally {
      fs.rmSync(gate, { force: true });
      fs.writeFileSync(configFile, saved);
    }
  });

  test('the command is contributed with its context-menu entry', () => {
    const pkg = vscode.extensions.getExtension('mlops-workbench.mlops-workbench')!.packageJSON as {
      contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    assert.ok(pkg.contributes.commands.some((c) => c.command === 'mlops.showMetrics' && c.title === 'Show Metrics'));
    assert.ok(pkg.contributes.menus['view/item/context'].some((m) => m.command === 'mlops.showMetrics' && m.when?.includes('view == mlops.runs')));
  });
});
