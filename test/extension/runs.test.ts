// Launching from the editor: run configs, the current Python file, Stop, sweeps and CodeLens, in the
// examples workspace (its mlops.json defines "train" with a sweep), against the real store.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Store } from '../../src/core/store/store';
import { metricSummaries } from '../../src/core/tracking/metricRecords';
import { listRuns, type RunRecord } from '../../src/core/tracking/runRecords';
import { activateExtension, waitFor, workspaceUri } from './support';

suite('runs', () => {
  let store: Store;
  const root = () => workspaceUri().fsPath;
  const runs = (experiment: string): RunRecord[] => listRuns(store, { experiment });

  suiteSetup(async () => {
    const api = await activateExtension();
    // Earlier suites rewrite mlops.json: start from the example's own, and wait until it is loaded.
    const example = path.resolve(__dirname, '../../../examples/demo-workspace/mlops.json');
    fs.writeFileSync(path.join(root(), 'mlops.json'), fs.readFileSync(example));
    await waitFor('the example mlops.json to be loaded', () => api.configRuns().includes('train') && api.configProblems().length === 0);
    store = Store.open(root());
  });
  suiteTeardown(() => store?.close());

  test('Run (train) launches a tracked run in its own terminal and records its metrics', async () => {
    const before = runs('train').length;
    await vscode.commands.executeCommand('mlops.run', 'train');
    const run = await waitFor('a finished train run', () => (runs('train').length > before && runs('train')[0].status !== 'running' ? runs('train')[0] : undefined), 30_000);
    assert.equal(run.status, 'finished', `status ${run.status}, exit ${run.exitCode}`);
    assert.deepEqual(run.params, { lr: 0.05, epochs: 30, l2: 0, seed: 0, batch_size: 32, model: 'logistic_regression', train_rows: 1500, val_rows: 500 });
    assert.ok(metricSummaries(store, run.id)['val/auc'].last > 0.7);
    assert.ok(vscode.window.terminals.some((t) => t.name === `MLOps: train (${run.name})`), vscode.window.terminals.map((t) => t.name).join(', '));
    assert.ok(fs.readFileSync(path.join(root(), '.mlops', 'runs', run.id, 'output.log'), 'utf8').includes('epoch'));
  });

  test('Run Current File runs a .py file as an ad-hoc run, and Stop Run kills it', async () => {
    const file = path.join(root(), 'sleepy.py');
    fs.writeFileSync(file, 'import time\nprint("sleeping", flush=True)\ntime.sleep(120)\n');
    await vscode.commands.executeCommand('mlops.runCurrentFile', vscode.Uri.file(file));
    const run = await waitFor('a running ad-hoc run', () => runs('adhoc').find((r) => r.status === 'running' && r.command.endsWith('sleepy.py')), 15_000);
    assert.match(run.command, /^\S*python\S* sleepy\.py$/);
    await vscode.commands.executeCommand('mlops.stopRun', run.id);
    const stopped = await waitFor('the run to be killed', () => runs('adhoc').find((r) => r.id === run.id && r.status !== 'running'), 15_000);
    assert.equal(stopped.status, 'killed');
  });

  test('CodeLens above the run config offers Run and Sweep and summarizes its runs', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root(), 'mlops.json')));
    const titles = await waitFor('CodeLens with a run summary', async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10)) ?? [];
      const t = lenses.map((l) => l.command?.title ?? '');
      return t.some((x) => /^\d+ runs?, best val\/auc 0\.\d+/.test(x)) ? t : undefined;
    });
    assert.ok(titles.includes('$(play) Run'), titles.join(' | '));
    assert.ok(titles.includes('$(run-all) Sweep'), titles.join(' | '));
  });

  test('Sweep queues the grid and runs every member to the end', async () => {
    const before = new Set(runs('train').map((r) => r.id));
    await vscode.commands.executeCommand('mlops.sweep', 'train');
    const members = runs('train').filter((r) => !before.has(r.id));
    assert.equal(members.length, 6, 'lr x l2 grid of the example is 3 x 2');
    assert.equal(new Set(members.map((r) => r.sweepId)).size, 1);
    assert.ok(members.every((r) => r.status === 'finished'), members.map((r) => r.status).join(','));
    assert.deepEqual([...new Set(members.map((r) => r.params.lr))].sort(), [0.01, 0.05, 0.1]);
  });

  test('a run printing 300k lines as fast as it can keeps its log whole', async () => {
    const file = path.join(root(), 'chatty.py');
    // Lines in blocks of 1000 per write, so Python itself is not what limits the rate; how fast the
    // launcher drains them is a figure of `npm run bench` (bench/runOutput.ts), not asserted here.
    fs.writeFileSync(file, 'import sys\nfor i in range(0, 300000, 1000):\n    sys.stdout.write("".join("line %d of a chatty run\\n" % j for j in range(i, i + 1000)))\nprint("total", 300000)\n');
    await vscode.commands.executeCommand('mlops.runCurrentFile', vscode.Uri.file(file));
    const run = await waitFor('the chatty run to finish', () => runs('adhoc').find((r) => r.command.endsWith('chatty.py') && r.status !== 'running'), 45_000);
    assert.equal(run.status, 'finished');
    const lines = fs.readFileSync(path.join(root(), '.mlops', 'runs', run.id, 'output.log'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 300_001, 'output.log lost or added lines');
    assert.equal(lines[0], 'line 0 of a chatty run');
    assert.equal(lines[299_999], 'line 299999 of a chatty run');
    assert.equal(lines[300_000], 'total 300000');
  });
});
