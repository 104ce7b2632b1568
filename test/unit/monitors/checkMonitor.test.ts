// Monitor checks end to end on real files, a real store and the real drift engine: the reference
// pinned at the first check, each new batch checked once, failed checks that name the column or
// file:line, expectations on the batch, chunks, the alert policy with a webhook on a local server,
// and retrain with the batch pinned as the run's input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../../src/core/config/loadConfig';
import type { MonitorConfig } from '../../../src/core/config/types';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { checkMonitor, type CheckMonitorOptions } from '../../../src/core/monitors/checkMonitor';
import { engineCompare } from '../../../src/core/monitors/engineCompare';
import { getCheck, listChecks } from '../../../src/core/monitors/checkRecords';
import { listAlerts } from '../../../src/core/monitors/alerts';
import { getMonitorState } from '../../../src/core/monitors/monitorState';
import { DRIFT_CHECK_TAG, launchRetrain } from '../../../src/core/monitors/retrain';
import { getInputs, getTags } from '../../../src/core/tracking/runRecords';
import { latestValidation } from '../../../src/core/quality/validationStore';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

/** n rows of a numeric column spread over 0..96 (+shift) and a three-valued category. */
const rows = (n: number, shift = 0, header = 'age,city') =>
  [header, ...Array.from({ length: n }, (_, i) => `${((i * 7919) % 97) + shift},${['a', 'b', 'c'][i % 3]}`)].join('\n') + '\n';

function workspace(monitor: Partial<MonitorConfig> = {}, extra: Record<string, unknown> = {}) {
  const root = fs.realpathSync(tempWorkspace('mlops-moncheck-'));
  const config = { runs: { retrain: { command: 'printf "%s %s" "$MLOPS_DRIFT_CHECK_ID" "$MLOPS_BATCH" > retrain.txt' } }, datasets: { train: 'train.csv', incoming: 'incoming/*.csv' }, monitors: { prod: { reference: 'train', current: 'incoming', ...monitor } }, ...extra };
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(config, null, 2));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const store = Store.open(root);
  const loaded = () => {
    const l = loadConfig(root);
    assert.deepEqual(l.problems, []);
    return l.config;
  };
  const version = async (dataset: string) => versionDataset(store, root, loaded(), dataset);
  const check = (opts: Partial<CheckMonitorOptions> = {}) => checkMonitor(store, root, loaded(), 'prod', { compare: engineCompare(store), trusted: true, ...opts });
  return { root, store, write, version, check };
}

test('a bare reference is pinned at the first check; each batch is checked once; a new reference version does not move the pin', async () => {
  const w = workspace();
  w.write('train.csv', rows(200));
  w.write('incoming/b1.csv', rows(100));
  await w.version('train');
  await w.version('incoming');
  const first = await w.check();
  assert.equal(first.reference.label, 'train:train.csv@1');
  assert.equal(first.reference.pinnedNow, true);
  assert.deepEqual(first.checked.map((b) => [b.check.batchLabel, b.check.outcome]), [['incoming:incoming/b1.csv@1', 'ok']]);
  assert.equal((await w.check()).checked.length, 0, 'nothing new');

  w.write('train.csv', rows(200, 50));
  w.write('incoming/b2.csv', rows(100, 40));
  await w.version('train');
  await w.version('incoming');
  const second = await w.check();
  assert.equal(second.reference.label, 'train:train.csv@1', 'still the pinned version');
  assert.equal(second.reference.pinnedNow, false);
  assert.deepEqual(second.checked.map((b) => [b.check.batchLabel, b.check.outcome]), [['incoming:incoming/b2.csv@1', 'drift']]);
  const stored = getCheck(w.store, second.checked[0].check.id)!;
  assert.equal(stored.driftedColumns, 1);
  assert.equal(stored.totalColumns, 2);
  const age = stored.report.drift!.columns.find((c) => c.name === 'age')!;
  assert.equal(age.method, 'ks');
  assert.equal(age.drift, true);
  const row = w.store.db.prepare("SELECT method, drift, threshold FROM drift_check_columns WHERE check_id = ? AND name = 'age'").get(stored.id);
  assert.deepEqual({ ...(row as object) }, { method: 'ks', drift: 1, threshold: 0.05 });
  assert.deepEqual(listChecks(w.store, 'prod').map((c) => c.batchLabel), ['incoming:incoming/b2.csv@1', 'incoming:incoming/b1.csv@1'], 'newest first');
  w.store.close();
});

test('a batch missing a reference column, with a changed type, or unparseable is a failed check naming the column or file:line, stored whole', async () => {
  const w = workspace();
  w.write('train.csv', rows(200));
  w.write('incoming/a-missing.csv', 'age\n1\n2\n3\n');
  w.write('incoming/b-retyped.csv', 'age,city\nold,a\nyoung,b\nold,c\n');
  w.write('incoming/c-broken.csv', 'age,city\n1,a\n2,"b\n');
  await w.version('train');
  await w.version('incoming');
  const r = await w.check();
  assert.deepEqual(r.checked.map((b) => b.check.outcome), ['failed', 'failed', 'failed']);
  const [missing, retyped, broken] = r.checked.map((b) => b.check);
  assert.match(missing.error!, /city/);
  assert.match(missing.error!, /missing/);
  assert.match(retyped.error!, /age/);
  assert.match(broken.error!, /^incoming\/c-broken\.csv:3: unclosed quote/);
  assert.equal(broken.report.drift, null);
  // Each stored with its columns (or none) in one piece; a failed check raises no alert.
  for (const c of r.checked) assert.equal(getCheck(w.store, c.check.id)!.outcome, 'failed');
  assert.equal(listAlerts(w.store).length, 0);
  assert.equal(getMonitorState(w.store, 'prod').driftedInARow, 0);
  w.store.close();
});

test("the dataset's expectations are checked on every batch: a failed one makes the check a warning and is kept in the report", async () => {
  const w = workspace({}, { expectations: { incoming: [{ expect: 'between', column: 'age', min: 0, max: 90 }] } });
  w.write('train.csv', rows(200));
  w.write('incoming/b1.csv', rows(100));
  await w.version('train');
  await w.version('incoming');
  const [b] = (await w.check()).checked;
  assert.equal(b.check.outcome, 'warning');
  const exp = b.check.report.expectations!;
  assert.equal(exp.success, false);
  assert.equal(exp.file, 'incoming/b1.csv');
  assert.ok(exp.results[0].unexpectedRows.every((u) => Number(u.value) > 90));
  assert.match(b.summary.text, /1 expectation failed/);
  // Kept as the version's validation too, so the Datasets view shows the same result.
  assert.equal(latestValidation(w.store, b.check.batchVersionId)?.result.success, false);
  w.store.close();
});

test('chunks: every N rows, or by the day of a timestamp column (left out of the comparison); a bad timestamp fails the check at its line', async () => {
  const w = workspace({ chunk: { rows: 40 } });
  w.write('train.csv', rows(200));
  w.write('incoming/b1.csv', rows(100));
  await w.version('train');
  await w.version('incoming');
  const [b] = (await w.check()).checked;
  assert.deepEqual(b.check.report.chunks!.map((c) => [c.label, c.rows]), [['rows 1-40', 40], ['rows 41-80', 40], ['rows 81-100', 20]]);
  assert.doesNotMatch(b.summary.text, /chunks drifted/);
  // A shifted second half: the chunks say where the batch drifted.
  w.write('incoming/b2.csv', rows(100) + rows(100, 60).split('\n').slice(1).join('\n'));
  await w.version('incoming');
  const [half] = (await w.check()).checked;
  assert.equal(half.check.outcome, 'drift');
  assert.match(half.summary.text, /\. 3 of 5 chunks drifted: rows 81-120, rows 121-160, rows 161-200\./);

  const t = workspace({ chunk: { column: 'ts', period: 'day' } });
  const timed = (n: number, shift: number) => ['ts,age,city', ...rows(n, shift).trim().split('\n').slice(1).map((r, i) => `2026-03-0${1 + (i % 2)}T10:00:00Z,${r}`)].join('\n') + '\n';
  t.write('train.csv', rows(200));
  t.write('incoming/b1.csv', timed(60, 0));
  await t.version('train');
  await t.version('incoming');
  const [day] = (await t.check()).checked;
  assert.equal(day.check.outcome, 'ok');
  assert.deepEqual(day.check.report.chunks!.map((c) => [c.label, c.rows]), [['2026-03-01', 30], ['2026-03-02', 30]]);
  assert.ok(!day.check.report.drift!.columns.some((c) => c.name === 'ts'), 'the chunk column is not compared');
  t.write('incoming/b2.csv', 'ts,age,city\n2026-03-01,1,a\nsoon,2,b\n');
  await t.version('incoming');
  const [bad] = (await t.check()).checked;
  assert.equal(bad.check.outcome, 'failed');
  assert.match(bad.check.error!, /^incoming\/b2\.csv:3: "soon" in the chunk column "ts" is not a date or time/);
  w.store.close();
  t.store.close();
});

test('the policy alerts on the second drifted batch in a row and posts the webhook; retrain launches the run with the batch pinned and tagged', async () => {
  const got: string[] = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push(body);
      res.end();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`;
  try {
    const w = workspace({ alert: { after: 2 }, actions: [{ webhook: hook }, { retrain: 'retrain' }] });
    w.write('train.csv', rows(200));
    w.write('incoming/b1.csv', rows(100, 40));
    await w.version('train');
    await w.version('incoming');
    const [one] = (await w.check()).checked;
    assert.equal(one.check.outcome, 'drift');
    assert.equal(one.alert, undefined);
    assert.match(one.held!, /1 of 2 drifted batches in a row/);
    assert.deepEqual(one.actions, []);
    w.write('incoming/b2.csv', rows(100, 45));
    await w.version('incoming');
    const [two] = (await w.check()).checked;
    assert.ok(two.alert);
    assert.equal(listAlerts(w.store)[0].checkId, two.check.id);
    assert.deepEqual(two.actions.map((a) => a.kind), ['webhook', 'retrain']);
    assert.equal(got.length, 1);
    assert.equal(JSON.parse(got[0]).text, two.summary.text);

    const handle = launchRetrain(w.store, w.root, loadConfig(w.root).config, 'retrain', two.check.id, { sdkDir: path.resolve(__dirname, '../../../src/sdk/python') });
    const outcome = await handle.done;
    assert.equal(outcome.status, 'finished');
    assert.equal(fs.readFileSync(path.join(w.root, 'retrain.txt'), 'utf8'), `${two.check.id} incoming/b2.csv`);
    assert.equal(getTags(w.store, handle.runId)[DRIFT_CHECK_TAG], String(two.check.id));
    assert.deepEqual(getInputs(w.store, handle.runId).find((i) => i.path === 'incoming/b2.csv')?.dataset, { name: 'incoming', version: 1 });
    w.store.close();
  } finally {
    srv.close();
    srv.closeAllConnections();
  }
});
