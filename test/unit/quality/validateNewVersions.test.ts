// New dataset versions checked against their expectations and the outcome stored per version, on real
// files and a real store; the worker path gives the same result as the in-thread one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Expectation } from '../../../src/core/config/types';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { runInWorker } from '../../../src/core/worker/runInWorker';
import { latestValidation } from '../../../src/core/quality/validationStore';
import { failedExpectations, latestVersionsToCheck, validateNewVersions, validateVersions } from '../../../src/core/quality/validateNewVersions';
import { mlops, spawnMlops } from '../cli/runCli';
import { dataWorkspace } from '../data/helpers';

const AGE: Expectation[] = [{ expect: 'between', column: 'age', min: 0, max: 120 }];

function workspace() {
  const w = dataWorkspace({ train: 'train.csv', raw: 'raw.bin', batches: 'batches/*.csv' });
  w.config.expectations = { train: AGE, batches: [{ expect: 'notNull', column: 'name' }] };
  return w;
}

test('a created version of a dataset with expectations is validated from its stored bytes and the result kept', async () => {
  const w = workspace();
  w.write('train.csv', 'name,age\nada,36\nbob,41\n');
  const first = await validateNewVersions(w.store, w.config, await versionDataset(w.store, w.root, w.config, 'train'));
  assert.equal(first.length, 1);
  assert.equal(first[0].result.success, true);
  assert.equal(latestValidation(w.store, first[0].version.id)?.result.success, true);

  // The bad value sits on line 3; the working file changes again afterwards: the stored bytes are what counts.
  w.write('train.csv', 'name,age\nada,36\nbob,-4\ncy,250\n');
  const r = await versionDataset(w.store, w.root, w.config, 'train');
  w.write('train.csv', 'name,age\nada,36\n');
  const [bad] = await validateNewVersions(w.store, w.config, r);
  assert.equal(bad.version.version, 2);
  assert.equal(bad.result.success, false);
  assert.deepEqual(bad.result.results[0].unexpectedRows, [{ line: 3, value: '-4' }, { line: 4, value: '250' }]);
  assert.equal(bad.result.file, 'train.csv', 'named by the item, not the cached object');
  assert.deepEqual(failedExpectations(bad.result).map((x) => x.expect), ['between']);
  const stored = latestValidation(w.store, bad.version.id)!;
  assert.deepEqual(stored.expectations, AGE);
  assert.equal(stored.result.results[0].unexpectedCount, 2);

  // An unchanged versioning creates nothing, so nothing is validated.
  w.write('train.csv', 'name,age\nada,36\nbob,-4\ncy,250\n');
  assert.deepEqual(await validateNewVersions(w.store, w.config, await versionDataset(w.store, w.root, w.config, 'train')), []);
});

test('datasets without expectations, folders and unknown formats are left alone; each glob item is checked', async () => {
  const w = workspace();
  w.write('raw.bin', 'x');
  assert.deepEqual(await validateNewVersions(w.store, w.config, await versionDataset(w.store, w.root, w.config, 'raw')), []);
  w.write('batches/a.csv', 'name\nx\n');
  w.write('batches/b.csv', 'name\n\n""\n');
  const done = await validateNewVersions(w.store, w.config, await versionDataset(w.store, w.root, w.config, 'batches'));
  assert.deepEqual(
    done.map((d) => [d.version.item, d.result.success]),
    [
      ['batches/a.csv', true],
      ['batches/b.csv', false],
    ],
  );
});

test('an unreadable new version fails with the reader problem at its line, and is stored', async () => {
  const w = workspace();
  w.write('train.csv', 'name,age\nada,36\n"bob,41\n');
  const [v] = await validateNewVersions(w.store, w.config, await versionDataset(w.store, w.root, w.config, 'train'));
  assert.equal(v.result.success, false);
  assert.equal(v.result.problems.length, 1);
  assert.equal(v.result.problems[0].line, 3);
  assert.match(v.result.problems[0].message, /quote/i);
  assert.equal(latestValidation(w.store, v.version.id)?.result.success, false);
});

test('latest versions are due again when the expectations change; the worker gives the in-thread result', async () => {
  const w = workspace();
  w.write('train.csv', 'name,age\nada,36\nbob,99\n');
  const [v] = await validateNewVersions(w.store, w.config, await versionDataset(w.store, w.root, w.config, 'train'));
  const due = () => latestVersionsToCheck(w.store, w.config).filter((x) => x.version.dataset === 'train');
  assert.deepEqual(due().map((x) => [x.version.id, x.result?.success]), [[v.version.id, true]]);

  w.config.expectations.train = [{ expect: 'between', column: 'age', min: 0, max: 90 }];
  assert.deepEqual(due().map((x) => [x.version.id, x.result]), [[v.version.id, undefined]], 'validated against other expectations: due');
  const seen: number[] = [];
  const [again] = await validateVersions(w.store, w.config, [v.version], {
    validate: (a, signal, onProgress) => runInWorker('validate', a, { signal, onProgress }),
    onProgress: (version, fraction) => version.id === v.version.id && seen.push(fraction),
  });
  assert.ok(seen.length > 0 && seen.at(-1)! > 0, `progress from the worker: ${JSON.stringify(seen)}`);
  assert.equal(again.result.success, false);
  assert.deepEqual(again.result.results[0].unexpectedRows, [{ line: 3, value: '99' }]);
  assert.equal(due()[0].result?.success, false);
});

test('cancelling stops before validating and stores nothing', async () => {
  const w = workspace();
  w.write('train.csv', 'name,age\nada,36\n');
  const r = await versionDataset(w.store, w.root, w.config, 'train');
  const ctrl = new AbortController();
  ctrl.abort();
  await assert.rejects(validateNewVersions(w.store, w.config, r, { signal: ctrl.signal }));
  assert.equal(latestValidation(w.store, r.items[0].version!.id), undefined);
});

// The CLI as a user runs it.
test('mlops data version validates the new versions and prints a line per failure; --strict exits 1 when one fails', () => {
  const w = workspace();
  fs.writeFileSync(path.join(w.root, 'mlops.json'), JSON.stringify({ datasets: { train: 'train.csv' }, expectations: { train: AGE } }));
  w.write('train.csv', 'name,age\nada,36\n');
  const ok = mlops(['data', 'version', '--strict'], w.root);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /PASS train train\.csv version 1: its expectation holds/);

  w.write('train.csv', 'name,age\nada,36\nbob,-4\n');
  const bad = mlops(['data', 'version'], w.root);
  assert.equal(bad.code, 0, bad.stdout + bad.stderr);
  assert.match(bad.stderr, /1 new version fails its expectations \(recorded all the same\); --strict exits 1/);
  assert.match(bad.stdout, /train\s+train\.csv\s+2\s+new version/, 'the version is recorded all the same');
  assert.match(bad.stdout, /FAIL train train\.csv version 2\n {2}between age: 1 of 2 rows unexpected \(50\.0%\); first at train\.csv:3/);
  const json = JSON.parse(mlops(['data', 'version', '--json'], w.root).stdout);
  assert.equal(json[0].items[0].state, 'unchanged');
  assert.equal(json[0].items[0].validation, undefined, 'an unchanged file is not validated again');

  w.write('train.csv', 'name,age\nada,36\nbob,400\n');
  const asJson = mlops(['data', 'version', '--json', '--strict'], w.root);
  assert.equal(asJson.code, 1);
  const item = JSON.parse(asJson.stdout)[0].items[0];
  assert.equal(item.validation.success, false);
  assert.deepEqual(item.validation.results[0].unexpectedRows, [{ line: 3, value: '400' }]);
  // The CLI's result is the one the extension finds in the store (and so does not validate again).
  const latest = listVersions(w.store, 'train', 'train.csv')[0];
  assert.equal(latest.version, 3);
  assert.equal(latestValidation(w.store, latest.id)?.result.success, false);
});

test('mlops data watch validates each new version as it arrives, prints the failure and keeps watching', async () => {
  const w = workspace();
  fs.writeFileSync(path.join(w.root, 'mlops.json'), JSON.stringify({ datasets: { train: 'train.csv' }, expectations: { train: AGE } }));
  w.write('train.csv', 'name,age\nada,36\n');
  assert.equal(mlops(['data', 'version'], w.root).code, 0);
  const child = spawnMlops(['data', 'watch'], w.root);
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
  try {
    await until('the watcher to start', () => /Watching train/.test(err));
    w.write('train.csv', 'name,age\nada,36\nbob,-4\n');
    await until('the failure of version 2', () => /FAIL train train\.csv version 2/.test(out));
    assert.match(out, /between age: 1 of 2 rows unexpected \(50\.0%\); first at train\.csv:3/);
    w.write('train.csv', 'name,age\nada,36\nbob,4\n');
    await until('version 3 to pass', () => /PASS train train\.csv version 3/.test(out));
  } finally {
    child.kill('SIGINT');
  }
  const code = await new Promise((r) => child.once('exit', r));
  assert.equal(code, 0, err);
});
