// Monitor problems in mlops.json at their line: unknown datasets, a model reference, a retrain with no
// run (from the file alone), then unknown columns and misfit tests once the reference has a profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { profileForVersion } from '../../../src/core/quality/profileStore';
import { monitorStoreProblems } from '../../../src/core/monitors/referenceColumns';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

function workspace(monitors: unknown) {
  const root = fs.realpathSync(tempWorkspace('mlops-monprob-'));
  const text = JSON.stringify({ runs: { train: { command: 'true' } }, datasets: { train: 'train.csv', incoming: 'incoming/*.csv' }, monitors }, null, 2) + '\n';
  fs.writeFileSync(path.join(root, 'mlops.json'), text);
  return { root, text };
}

test('a monitor naming an unknown dataset, a model reference or a run that does not exist is a problem at its line', () => {
  const { root, text } = workspace({
    a: { reference: 'trian@2', current: 'incomming', actions: [{ notify: true }, { retrain: 'trian' }] },
    b: { reference: 'model:churn@production', current: 'incoming' },
    ok: { reference: 'train', current: 'incoming', actions: [{ retrain: 'train' }] },
  });
  const problems = loadConfig(root).problems.map((p) => [p.line, p.path, p.message] as const);
  assert.deepEqual(
    problems.map(([line, p]) => [line, p]),
    [
      [lineOf(text, '"trian@2"'), '/monitors/a/reference'],
      [lineOf(text, '"incomming"'), '/monitors/a/current'],
      [lineOf(text, '"trian"'), '/monitors/a/actions/1/retrain'],
      [lineOf(text, '"model:churn'), '/monitors/b/reference'],
    ],
  );
  assert.match(problems[0][2], /dataset "trian", which is not under "datasets" \(declared: train, incoming\)/);
  assert.match(problems[1][2], /checks dataset "incomming", which is not under "datasets"/);
  assert.match(problems[2][2], /"trian", which is neither a run under "runs" \(train\) nor a pipeline under "pipelines" \(none declared\)/);
  assert.match(problems[3][2], /model references .* are not yet supported; name the dataset version instead, e.g. "train@3"/);
});

test('once the reference has a profile, unknown columns and a numeric test on a categorical column are problems at their line', async () => {
  const { root, text } = workspace({
    m: {
      reference: 'train',
      current: 'incoming',
      columns: ['age', 'cty'],
      ignore: ['idd'],
      tests: { city: { test: 'ks' }, age: { test: 'psi' }, plan: { test: 'chisquare' } },
      target: 'churned',
      chunk: { column: 'when', period: 'day' },
    },
  });
  fs.writeFileSync(path.join(root, 'train.csv'), 'age,city,plan\n30,Oslo,a\n41,Bergen,b\n52,Oslo,a\n');
  const loaded = loadConfig(root);
  assert.deepEqual(loaded.problems, []);
  const store = Store.open(root);
  try {
    // No version of the reference yet: nothing is known, nothing is guessed.
    assert.deepEqual(monitorStoreProblems(store, loaded), []);
    await versionDataset(store, root, loaded.config, 'train');
    assert.deepEqual(monitorStoreProblems(store, loaded), [], 'versioned but not profiled: still unknown');
    await profileForVersion(store, listVersions(store, 'train')[0]);
    const problems = monitorStoreProblems(store, loaded);
    assert.deepEqual(
      problems.map((p) => [p.line, p.path]),
      [
        [lineOf(text, '"cty"'), '/monitors/m/columns/1'],
        [lineOf(text, '"idd"'), '/monitors/m/ignore/0'],
        [lineOf(text, '"churned"'), '/monitors/m/target'],
        [lineOf(text, '"when"'), '/monitors/m/chunk/column'],
        [lineOf(text, '"test": "ks"'), '/monitors/m/tests/city/test'],
      ],
    );
    assert.match(problems[0].message, /columns: the reference train has no column "cty" \(columns: age, city, plan\)/);
    assert.match(problems[4].message, /test "ks" compares numbers, but column "city" of train is categorical/);
  } finally {
    store.close();
  }
});

test('a folder dataset as current is a problem at its line: its files are not batches, a glob makes them so', () => {
  const root = fs.realpathSync(tempWorkspace('mlops-monprob-'));
  fs.mkdirSync(path.join(root, 'incoming'));
  const text = JSON.stringify({ datasets: { train: 'train.csv', incoming: 'incoming/' }, monitors: { m: { reference: 'train', current: 'incoming' } } }, null, 2);
  fs.writeFileSync(path.join(root, 'mlops.json'), text);
  const [p] = loadConfig(root).problems;
  assert.equal(p.path, '/monitors/m/current');
  assert.equal(p.line, lineOf(text, '"current"'));
  assert.match(p.message, /dataset "incoming" is a folder, versioned as a whole, so its files are not batches: declare it as a glob \("incoming\/\*\.csv"\)/);
});
