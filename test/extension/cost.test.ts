// Cost in the editor: a run launched from a run config with prices says what it has cost so far in
// the status bar while it runs, and its CPU time and cost in the Runs view's tooltip once it ends.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Store } from '../../src/core/store/store';
import { newRunId } from '../../src/core/tracking/runId';
import { insertRun, listRuns } from '../../src/core/tracking/runRecords';
import { formatCost } from '../../src/shared/costFormat';
import { activateExtension, waitFor, workspaceUri, type WorkbenchApi } from './support';

// 360 per CPU hour: a CPU second costs $0.10, so a few seconds of burning show in whole cents.
const CPU_HOUR = 360;

suite('cost', () => {
  let api: WorkbenchApi;
  let store: Store;
  const root = () => workspaceUri().fsPath;
  const configFile = () => path.join(root(), 'mlops.json');
  let savedConfig: Buffer;

  suiteSetup(async () => {
    api = await activateExtension();
    savedConfig = fs.readFileSync(configFile());
    // Burns 4 s of CPU time (however long that takes on a busy machine), then exits 0.
    fs.writeFileSync(path.join(root(), 'burn.py'), 'import time\nwhile time.process_time() < 4:\n    pass\nprint("burnt", flush=True)\n');
    fs.writeFileSync(configFile(), JSON.stringify({ cost: { cpuHour: CPU_HOUR }, runs: { burn: { command: 'python3 burn.py' } } }, null, 2));
    await waitFor('the priced mlops.json to be loaded', () => api.configRuns().includes('burn') && api.configProblems().length === 0);
    store = Store.open(root());
  });
  suiteTeardown(() => {
    store?.close();
    // Later suites expect the configuration they found.
    fs.writeFileSync(configFile(), savedConfig);
  });

  test('a priced run shows its cost so far in the status bar, then its CPU time and cost in the Runs tooltip', async () => {
    const before = new Set(listRuns(store, { experiment: 'burn' }).map((r) => r.id));
    await vscode.commands.executeCommand('mlops.run', 'burn');
    const run = await waitFor('the burn run to start', () => listRuns(store, { experiment: 'burn' }).find((r) => !before.has(r.id)), 15_000);

    // While it burns: "1 run · about $0.30 so far" once a second or more of CPU is measured.
    const live = await waitFor(
      () => `the status bar to show a cost of at least $0.10 (text: ${api.runStatus()})`,
      () => {
        // Runs other suites left behind may count too: only the cost part is this run's.
        const m = /^\$\(sync~spin\) \d+ runs? · about \$(\d+\.\d\d) so far$/.exec(api.runStatus() ?? '');
        return m && Number(m[1]) >= 0.1 ? Number(m[1]) : undefined;
      },
      15_000,
    );
    assert.ok(live < 0.5, `about $${live} before 4 s of CPU at $${CPU_HOUR}/h`);

    const ended = await waitFor('the burn run to finish', () => listRuns(store, { experiment: 'burn' }).find((r) => r.id === run.id && r.status !== 'running'), 30_000);
    assert.equal(ended.status, 'finished', `status ${ended.status}, exit ${ended.exitCode}`);
    // The meter samples each second: the last interval before the process exits may be lost.
    assert.ok(ended.cpuSeconds !== undefined && ended.cpuSeconds > 2.8 && ended.cpuSeconds < 5, `CPU ${ended.cpuSeconds} s measured for 4 s burnt`);
    assert.equal(ended.currency, 'USD');
    assert.ok(Math.abs(ended.cost! - (ended.cpuSeconds * CPU_HOUR) / 3600) < 1e-9, `cost ${ended.cost} for ${ended.cpuSeconds} CPU s`);
    // The status bar's cost goes with the run: no priced run of this window executes any more.
    await waitFor(() => `the status bar to drop the cost (text: ${api.runStatus()})`, () => !/so far/.test(api.runStatus() ?? ''));

    // GPU time sits between the two where nvidia-smi measured it.
    const [cpu, cost] = [`CPU ${ended.cpuSeconds.toFixed(1)} s · `, ` · cost ${formatCost({ amount: ended.cost!, currency: 'USD' })}`];
    const row = await waitFor(
      () => `the run's tooltip to read "${cpu}…${cost}" (rows: ${JSON.stringify(api.runRows().filter((r) => r.id === run.id))})`,
      () => api.runRows().find((r) => r.id === run.id && r.tooltip.includes(cpu) && r.tooltip.includes(cost)),
    );
    assert.match(row.tooltip, /CPU \d+\.\d s · (GPU [^·]+ · )?cost \$\d+\.\d\d/);
  });

  test('a run from before measuring shows no usage in its tooltip', async () => {
    const id = newRunId();
    const at = Date.now() - 60_000;
    insertRun(store, { id, name: 'unmeasured', experiment: 'burn', status: 'finished', command: 'python3 burn.py', cwd: '.', params: {}, createdAt: at, startedAt: at, endedAt: at + 1000, exitCode: 0 });
    const row = await waitFor(`run ${id} in the Runs view`, () => api.runRows().find((r) => r.id === id));
    assert.match(row.tooltip, /python3 burn\.py/);
    assert.doesNotMatch(row.tooltip, /CPU|cost/);
  });
});
