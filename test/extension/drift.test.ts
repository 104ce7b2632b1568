// Compare Drift with... in the real extension host reads and compares on a worker thread: the host's
// event loop is busy for a fraction of what the same check costs in-thread (measured in this test,
// on the same files, as a ratio), and the panel shows the in-thread check's verdict.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { driftBetween } from '../../src/core/drift/driftCheck';
import { Store } from '../../src/core/store/store';
import type { DriftShown } from '../../src/extension/panels/driftPanel';
import { activateExtension, countingWorkers, workspaceUri } from './support';

/** `rows` rows of three numeric columns and a category; `shift` moves one numeric column. */
function writeTable(file: string, rows: number, shift: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'amount,score,level,plan\n');
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    lines.push(`${((i * 7919) % 10007) / 10 + shift},${((i * 104729) % 65521) / 655.21},${i % 17},${['free', 'pro', 'team'][i % 3]}`);
    if (lines.length === 50_000) fs.writeSync(fd, lines.splice(0).join('\n') + '\n');
  }
  if (lines.length) fs.writeSync(fd, lines.join('\n') + '\n');
  fs.closeSync(fd);
}

/** The calling thread's event-loop busy time (ms) while `work` runs, and its wall time. */
async function loopBusy<T>(work: () => Promise<T>): Promise<{ result: T; busy: number; wall: number }> {
  const elu = performance.eventLoopUtilization();
  const t = performance.now();
  const result = await work();
  return { result, busy: performance.eventLoopUtilization(elu).active, wall: performance.now() - t };
}

suite('drift on a worker thread', () => {
  let store: Store;
  const files = { reference: 'drift-big-reference.csv', batch: 'drift-big-batch.csv' };
  const abs = (f: string) => path.join(workspaceUri().fsPath, f);

  suiteSetup(async function () {
    this.timeout(120_000);
    await activateExtension();
    writeTable(abs(files.reference), 400_000, 0);
    writeTable(abs(files.batch), 400_000, 40);
    store = Store.open(workspaceUri().fsPath);
  });
  suiteTeardown(() => {
    store?.close();
    for (const f of Object.values(files)) fs.rmSync(abs(f), { force: true });
  });

  test('Compare Drift with... on 400k-row tables keeps the host loop free: a fraction of the in-thread check', async function () {
    this.timeout(240_000);
    const forget = () => store.db.prepare('DELETE FROM drift_references').run();
    const source = (f: string) => ({ kind: 'file' as const, file: abs(f), label: f });
    // Each path summarizes the reference afresh (neither reuses the other's stored summary); the
    // worker path goes first, so the in-thread check's garbage is not collected on its time.
    forget();
    let workers = 0;
    const onWorker = await loopBusy(async () => {
      const counted = await countingWorkers(() => vscode.commands.executeCommand<DriftShown | undefined>('mlops.compareDriftWith', vscode.Uri.file(abs(files.batch)), vscode.Uri.file(abs(files.reference))));
      workers = counted.workers;
      return counted.result;
    });
    forget();
    const inThread = await loopBusy(() => driftBetween(store, source(files.reference), source(files.batch)));
    assert.ok(workers >= 2, `the check started its worker threads (${workers})`);
    assert.equal(onWorker.result?.datasetDrift, inThread.result.datasetDrift);
    assert.deepEqual(onWorker.result?.drifted, inThread.result.columns.filter((c) => c.drift).map((c) => c.name));
    const ratio = onWorker.busy / inThread.busy;
    const ms = (x: { busy: number; wall: number }) => `${Math.round(x.busy)} ms of ${Math.round(x.wall)} ms`;
    const figures = `host busy: the command ${ms(onWorker)}, in-thread ${ms(inThread)}`;
    console.log(`drift on a worker: ${figures}, ratio ${ratio.toFixed(2)}`);
    assert.ok(ratio < 0.35, `the worker path keeps the host far freer than the in-thread one: ratio ${ratio.toFixed(2)} (${figures})`);
  });
});
