// `mlops monitor` and `mlops alerts` as a user runs them: the built CLI (node esbuild.js first) in real
// child processes, over real files and the workspace's store.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempWorkspace } from '../tempWorkspace';
import { mlops, spawnMlops } from './runCli';

const rows = (n: number, shift = 0, header = 'age,city') =>
  [header, ...Array.from({ length: n }, (_, i) => `${((i * 7919) % 97) + shift},${['a', 'b', 'c'][i % 3]}`)].join('\n') + '\n';

function workspace(monitor: Record<string, unknown> = {}) {
  const root = fs.realpathSync(tempWorkspace('mlops-cli-monitor-'));
  const config = {
    runs: { retrain: { command: 'printf "%s" "$MLOPS_BATCH" > retrained.txt' } },
    datasets: { train: 'train.csv', incoming: 'incoming/*.csv' },
    monitors: { prod: { reference: 'train', current: 'incoming', ...monitor } },
  };
  const text = JSON.stringify(config, null, 2) + '\n';
  fs.writeFileSync(path.join(root, 'mlops.json'), text);
  fs.writeFileSync(path.join(root, 'train.csv'), rows(200));
  fs.mkdirSync(path.join(root, 'incoming'));
  const write = (rel: string, data: string) => fs.writeFileSync(path.join(root, rel), data);
  return { root, text, write };
}

test('monitor check: every new batch once, --json, --junit, exit 1 with --fail-on-drift on drift; history lists the checks', () => {
  const w = workspace();
  w.write('incoming/b1.csv', rows(100));
  w.write('incoming/b2.csv', rows(100, 40));
  assert.equal(mlops(['data', 'version'], w.root).code, 0);
  const r = mlops(['monitor', 'check', '--json', '--junit', 'reports/drift.xml', '--fail-on-drift'], w.root);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.monitors[0].reference, 'train:train.csv@1');
  assert.equal(out.monitors[0].referencePinnedNow, true);
  const checks = out.monitors[0].checks;
  assert.deepEqual(checks.map((c: { batch: string; outcome: string }) => [c.batch, c.outcome]), [['incoming:incoming/b1.csv@1', 'ok'], ['incoming:incoming/b2.csv@1', 'drift']]);
  const age = checks[1].columns.find((c: { name: string }) => c.name === 'age');
  assert.deepEqual([age.method, age.drift, age.threshold], ['ks', true, 0.05]);
  assert.equal(checks[1].alert.state, 'open');
  const junit = fs.readFileSync(path.join(w.root, 'reports/drift.xml'), 'utf8');
  assert.match(junit, /<testsuites name="mlops monitor check" tests="2" failures="1">/);
  assert.match(junit, /<testcase classname="mlops\.monitor\.prod" name="incoming:incoming\/b2\.csv@1">\n\s+<failure message="Drift in monitor prod/);

  // Nothing new: nothing checked, exit 0 even with --fail-on-drift.
  const again = mlops(['monitor', 'check', 'prod', '--fail-on-drift'], w.root);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /No new batches to check \(prod vs train:train\.csv@1\)/);

  const history = mlops(['monitor', 'history', 'prod'], w.root);
  assert.equal(history.code, 0);
  assert.match(history.stdout, /^ID\s+CHECKED\s+BATCH\s+REFERENCE\s+OUTCOME\s+DRIFTED\s+SHARE\n2\s.*incoming:incoming\/b2\.csv@1\s+train:train\.csv@1\s+drift\s+1\/2\s+50%\n1\s/);
  const hj = JSON.parse(mlops(['monitor', 'history', 'prod', '--json'], w.root).stdout);
  assert.deepEqual(hj.map((c: { id: number }) => c.id), [2, 1]);
});

test('monitor check: a batch that cannot be checked exits 1 naming the column or file:line; bad input exits 2', () => {
  const w = workspace();
  w.write('incoming/b1.csv', 'age\n1\n2\n');
  w.write('incoming/b2.csv', 'age,city\n1,"a\n');
  mlops(['data', 'version'], w.root);
  const r = mlops(['monitor', 'check'], w.root);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^FAIL  prod  check 1 .*city.*missing/m);
  assert.match(r.stdout, /^FAIL  prod  check 2 .*incoming\/b2\.csv:2: unclosed quote/m);

  const unknown = mlops(['monitor', 'check', 'nope'], w.root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /No monitor "nope" in mlops\.json \(monitors: prod\)/);
  assert.equal(mlops(['monitor'], w.root).code, 2);
  assert.equal(mlops(['monitor', 'history'], w.root).code, 2);
});

test('monitor check refuses a column the reference lacks, at its line in mlops.json (exit 2), before comparing anything', () => {
  const w = workspace({ columns: ['age', 'cty'] });
  w.write('incoming/b1.csv', rows(10));
  mlops(['data', 'version'], w.root);
  const r = mlops(['monitor', 'check'], w.root);
  assert.equal(r.code, 2);
  const line = w.text.slice(0, w.text.indexOf('"cty"')).split('\n').length;
  assert.match(r.stderr, new RegExp(`mlops\\.json:${line}:\\d+ /monitors/prod/columns/1: columns: the reference train has no column "cty" \\(columns: age, city\\)`));
  assert.equal(JSON.parse(mlops(['monitor', 'history', 'prod', '--json'], w.root).stdout).length, 0, 'nothing checked');
});

test('monitor check --retrain launches the requested run with the batch pinned; without it the request is only reported', () => {
  const w = workspace({ actions: [{ retrain: 'retrain' }] });
  w.write('incoming/b1.csv', rows(100, 40));
  mlops(['data', 'version'], w.root);
  const r = mlops(['monitor', 'check', '--retrain'], w.root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /retrain run \S+ \(\S+\) started for check 1, with incoming:incoming\/b1\.csv@1 pinned as an input/);
  assert.match(r.stderr, /retrain run \S+ finished \(exit code 0\)/);
  assert.equal(fs.readFileSync(path.join(w.root, 'retrained.txt'), 'utf8'), 'incoming/b1.csv');
  const runs = JSON.parse(mlops(['runs', 'list', '--json'], w.root).stdout);
  assert.equal(runs.length, 1);

  w.write('incoming/b2.csv', rows(100, 45));
  mlops(['data', 'version'], w.root);
  const plain = mlops(['monitor', 'check'], w.root);
  assert.match(plain.stderr, /retrain of run "retrain" requested by check 2: not launched \(pass --retrain/);
  assert.equal(JSON.parse(mlops(['runs', 'list', '--json'], w.root).stdout).length, 1);
});

test('alerts: list, ack, snooze --until, resolve with who and when; bad ids and durations exit 2', () => {
  const w = workspace();
  w.write('incoming/b1.csv', rows(100, 40));
  mlops(['data', 'version'], w.root);
  mlops(['monitor', 'check'], w.root);
  const list = JSON.parse(mlops(['alerts', '--json'], w.root).stdout);
  assert.equal(list.length, 1);
  assert.equal(list[0].state, 'open');
  assert.match(list[0].summary, /^Drift in monitor prod/);
  assert.equal(mlops(['alerts', 'ack', String(list[0].id)], w.root).code, 0);
  const snooze = mlops(['alerts', 'snooze', String(list[0].id), '--until', '2h', '--json'], w.root);
  assert.equal(snooze.code, 0, snooze.stderr);
  const until = Date.parse(JSON.parse(snooze.stdout).snoozedUntil);
  assert.ok(Math.abs(until - (Date.now() + 2 * 3_600_000)) < 60_000);
  assert.equal(mlops(['alerts', 'snooze', '1', '--until', 'soon'], w.root).code, 2);
  assert.match(mlops(['alerts', 'snooze', '1', '--until', 'soon'], w.root).stderr, /--until "soon" is not a duration/);
  const resolved = mlops(['alerts', 'resolve', '1', '--note', 'retrained'], w.root);
  assert.match(resolved.stdout, /^Alert 1 \(prod\) resolved by \S+\.$/m);
  assert.equal(JSON.parse(mlops(['alerts', 'list', '--json'], w.root).stdout).length, 0);
  const all = JSON.parse(mlops(['alerts', 'list', '--all', '--json'], w.root).stdout);
  assert.deepEqual(all[0].events.map((e: { state: string }) => e.state), ['open', 'acknowledged', 'snoozed', 'resolved']);
  assert.equal(all[0].events[3].note, 'retrained');
  const again = mlops(['alerts', 'ack', '1'], w.root);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already resolved/);
  assert.equal(mlops(['alerts', 'ack', '99'], w.root).code, 2);
  assert.equal(mlops(['alerts', 'ack', 'x'], w.root).code, 2);
});

test('monitor watch checks batches as they land and stops cleanly on SIGTERM', async () => {
  const w = workspace();
  mlops(['data', 'version', 'train'], w.root);
  const child = spawnMlops(['monitor', 'watch'], w.root);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const until = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 30_000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stdout: ${out}; stderr: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await until('watching', () => /Watching incoming for monitors prod/.test(err));
    w.write('incoming/b1.csv', rows(100, 40));
    await until('the drift line', () => /^DRIFT prod {2}check 1 .*incoming:incoming\/b1\.csv@1/m.test(out));
    assert.match(out, /incoming {2}incoming\/b1\.csv {2}version 1/);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, err);
});
