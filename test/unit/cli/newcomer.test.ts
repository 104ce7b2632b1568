// What a new user meets first on the command line: a fresh `mlops init` passes `mlops validate`, runs
// list their primary metric, warnings are marked warn, a dataset without expectations points to
// `mlops expectations suggest`, and times print in one style.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

const TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/;

test("a fresh workspace's starter config passes mlops validate: a dataset with no file yet is listed as skipped", () => {
  const root = tempWorkspace();
  assert.equal(mlops(['init'], root).code, 0);
  const r = mlops(['validate'], root);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^SKIP train: Dataset "train": no file at data\/train\.csv\./m);
  assert.match(r.stderr, /dataset "production" has no expectations\. Suggest some from its data: mlops expectations suggest production/);
  const json = JSON.parse(mlops(['validate', '--json'], root).stdout);
  assert.deepEqual([json.success, json.skipped.map((s: { dataset: string }) => s.dataset)], [true, ['train']]);
  // Named, the missing data is an input error, as before.
  assert.equal(mlops(['validate', 'train'], root).code, 2);
});

test('validate DATASET without expectations points to mlops expectations suggest DATASET', () => {
  const root = tempWorkspace();
  fs.writeFileSync(path.join(root, 't.csv'), 'a\n1\n');
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets: { t: 't.csv' } }));
  const r = mlops(['validate', 't'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Suggest some from its data: mlops expectations suggest t /);
});

test('runs list shows each run\'s primary metric; data add marks a failed warning "warn", never as holding; one time style', () => {
  const root = tempWorkspace();
  const logMetric = `node -e "require('fs').appendFileSync(process.env.MLOPS_EVENTS_FILE, JSON.stringify({type:'metric',key:'val/auc',value:0.8312345,step:1,timestamp:Date.now()})+'\\n')"`;
  fs.writeFileSync(path.join(root, 't.csv'), 'a,b\n1,2\n,3\n');
  fs.writeFileSync(
    path.join(root, 'mlops.json'),
    JSON.stringify({ runs: { fit: { command: logMetric, primaryMetric: 'val/auc' } }, datasets: { t: 't.csv' }, expectations: { t: [{ expect: 'notNull', column: 'a', severity: 'warning' }] } }),
  );
  const run = mlops(['run', 'fit'], root);
  assert.equal(run.code, 0, run.stderr);
  const list = mlops(['runs', 'list'], root);
  assert.match(list.stdout, /PRIMARY METRIC/);
  assert.match(list.stdout, /val\/auc=0\.831234/);
  assert.match(list.stdout, TIME);
  const json = JSON.parse(mlops(['runs', 'list', '--json'], root).stdout);
  assert.deepEqual(json[0].primaryMetric, { key: 'val/auc', value: 0.8312345 });
  const add = mlops(['data', 'add', 't.csv', '--name', 't'], root);
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /PASS t t\.csv version 1: 0 of 1 expectations hold, 1 warning\n {2}warn notNull a: 1 of 2 rows unexpected \(50\.0%\); first at t\.csv:3/);
  assert.doesNotMatch(add.stdout, /expectation holds/);
  assert.match(mlops(['data', 'versions', 't'], root).stdout, TIME);
  assert.match(mlops(['validate'], root).stdout, /^ {2}warn notNull a/m);
});
