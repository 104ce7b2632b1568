// Metrics panel contract: runs seeded through core, "Show Metrics" for two run ids (and for a tree
// node) opens the "MLOps Metrics" webview tab; a second call reuses it. While it shows a running
// run, run terminals write less often (the workbench's thread relays the panel's points). A run
// launched from the editor opens it beside the editor, unless mlops.runs.openMetrics says otherwise.
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

  test('a run launched from the editor opens its Metrics panel beside the editor, the focus left there; with "notification" it stays closed', async () => {
    const root = workspaceUri().fsPath;
    const configFile = path.join(root, 'mlops.json');
    const saved = fs.readFileSync(configFile);
    const gate = path.join(root, 'beside.done');
    const command = `python3 -c "import os, time\nwhile not os.path.exists('beside.done'): time.sleep(0.05)"`;
    const settings = vscode.workspace.getConfiguration('mlops');
    const note = path.join(root, 'beside-notes.txt');
    fs.writeFileSync(note, 'notes\n');
    fs.writeFileSync(configFile, JSON.stringify({ runs: { beside: { command } } }, null, 2));
    const launch = async () => {
      fs.rmSync(gate, { force: true });
      const before = new Set(listRuns(store, { experiment: 'beside' }).map((r) => r.id));
      // The panel is opened (or not) before the command returns: the launch opens it, synchronously.
      await vscode.commands.executeCommand('mlops.run', 'beside');
      const shown = api.metricsShown();
      const run = await waitFor('the beside run to start', () => listRuns(store, { experiment: 'beside' }).find((r) => !before.has(r.id)), 15_000);
      return { run, shown };
    };
    const finish = async (id: string) => {
      fs.writeFileSync(gate, '');
      await waitFor('the beside run to finish', () => listRuns(store, { ids: [id] })[0]?.status === 'finished', 15_000);
    };
    try {
      await waitFor('the beside run config to be loaded', () => api.configRuns().includes('beside') && api.configProblems().length === 0);
      await vscode.window.tabGroups.close(metricsTabs());
      await waitFor('the Metrics panel to close', () => (api.metricsShown() ? undefined : true));
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(note), { viewColumn: vscode.ViewColumn.One });
      assert.equal(settings.get('runs.openMetrics'), 'beside', 'the default');
      const first = await launch();
      assert.deepEqual(first.shown?.runIds, [first.run.id]);
      const tab = await waitFor(() => `a Metrics tab (tabs: ${labels()})`, () => metricsTabs()[0]);
      assert.notEqual(tab.group.viewColumn, editor.viewColumn, 'the panel opens beside the editor, not over it');
      // The panel is up and shows the running run: terminals slow down for it (see the test above).
      await waitFor(() => `terminals to write every 500 ms (now ${api.terminalFlushMs()})`, () => api.terminalFlushMs() === 500);
      const active = vscode.window.tabGroups.activeTabGroup;
      assert.equal(active.viewColumn, editor.viewColumn, 'the editor group keeps the focus');
      assert.equal(active.activeTab?.label, path.basename(note));
      await finish(first.run.id);

      await settings.update('runs.openMetrics', 'notification', vscode.ConfigurationTarget.Workspace);
      await vscode.window.tabGroups.close(metricsTabs());
      await waitFor('the Metrics panel to close', () => (api.metricsShown() ? undefined : true));
      const second = await launch();
      assert.equal(second.shown, undefined, 'with "notification", the panel is only offered');
      assert.equal(metricsTabs().length, 0, `tabs: ${labels()}`);
      await finish(second.run.id);
    } finally {
      fs.writeFileSync(gate, '');
      await waitFor('no beside run left running', () => !listRuns(store, { experiment: 'beside' }).some((r) => r.status === 'running'), 15_000).catch(() => undefined);
      fs.rmSync(gate, { force: true });
      await settings.update('runs.openMetrics', undefined, vscode.ConfigurationTarget.Workspace);
      fs.writeFileSync(configFile, saved);
      fs.rmSync(note, { force: true });
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
