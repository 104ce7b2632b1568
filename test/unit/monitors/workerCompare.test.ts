// Monitors checked with the engine on a worker thread (as VS Code checks them) record what the
// in-thread engine (the CLI's) records: the whole batch's drift, each chunk's, a chunk column's
// bad timestamp at its file:line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import type { MonitorConfig } from '../../../src/core/config/types';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { checkMonitor } from '../../../src/core/monitors/checkMonitor';
import { engineCompare } from '../../../src/core/monitors/engineCompare';
import { workerCompare } from '../../../src/core/monitors/workerCompare';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

const rows = (n: number, shift = 0) => ['ts,age,city', ...Array.from({ length: n }, (_, i) => `2026-03-0${1 + (i % 3)}T10:00:00Z,${((i * 7919) % 97) + shift},${['a', 'b', 'c'][i % 3]}`)].join('\n') + '\n';

/** Checks the batches written by `batches` with one engine and returns what each check recorded. */
async function checked(monitor: Partial<MonitorConfig>, batches: string[], engine: typeof engineCompare) {
  const root = fs.realpathSync(tempWorkspace('mlops-workercmp-'));
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets: { train: 'train.csv', incoming: 'incoming/*.csv' }, monitors: { prod: { reference: 'train', current: 'incoming', ...monitor } } }));
  fs.writeFileSync(path.join(root, 'train.csv'), rows(300));
  fs.mkdirSync(path.join(root, 'incoming'));
  const store = Store.open(root);
  const config = loadConfig(root).config;
  await versionDataset(store, root, config, 'train');
  const out = [];
  for (const [i, text] of batches.entries()) {
    fs.writeFileSync(path.join(root, 'incoming', `b${i}.csv`), text);
    await versionDataset(store, root, config, 'incoming');
    const [b] = (await checkMonitor(store, root, config, 'prod', { compare: engine(store), trusted: true })).checked;
    out.push({ outcome: b.check.outcome, error: b.check.error, drift: b.check.report.drift, chunks: b.check.report.chunks, summary: b.summary.text });
  }
  store.close();
  return out;
}

test('a chunked monitor checked on a worker records what the in-thread engine records', async () => {
  const batches = [rows(120), rows(100) + rows(100, 60).split('\n').slice(1).join('\n'), 'ts,age,city\n2026-03-01,1,a\nsoon,2,b\n'];
  for (const chunk of [{ rows: 40 }, { column: 'ts', period: 'day' as const }]) {
    const host = await checked({ chunk, driftShare: 0.3 }, batches, engineCompare);
    const worker = await checked({ chunk, driftShare: 0.3 }, batches, workerCompare);
    assert.deepEqual(worker, host);
    assert.ok(host[0].chunks!.length >= 2, 'the batch was split into chunks');
    assert.ok(host[1].chunks!.some((c) => c.datasetDrift), 'the shifted half of the second batch drifted');
  }
  // The bad timestamp is a failed check at its line on both.
  const [bad] = (await checked({ chunk: { column: 'ts', period: 'day' } }, [batches[2]], workerCompare));
  assert.equal(bad.outcome, 'failed');
  assert.match(bad.error!, /^incoming\/b0\.csv:3: "soon" in the chunk column "ts" is not a date or time/);
});
