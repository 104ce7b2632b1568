// A dataset path (or run input) with wildcard characters names that very file or folder when it
// exists; only otherwise is it a glob.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolveDataset } from '../../../src/core/data/datasetItems';
import { emptyConfig } from '../../../src/core/config/types';
import { resolveInputFiles } from '../../../src/core/tracking/inputs';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from '../cli/runCli';

function workspace(): string {
  const root = fs.realpathSync(tempWorkspace());
  fs.mkdirSync(path.join(root, 'data'));
  for (const f of ['a[1].csv', 'a1.csv', 'b1.csv', 'b2.csv']) fs.writeFileSync(path.join(root, 'data', f), `x\n${f}\n`);
  return root;
}

test('resolveDataset and run inputs: an existing literal path wins over the glob it spells; a glob otherwise', () => {
  const root = workspace();
  const config = { ...emptyConfig(), datasets: { lit: { path: 'data/a[1].csv' }, glob: { path: 'data/b[12].csv' } } };
  const lit = resolveDataset(root, config, 'lit');
  assert.deepEqual([lit.shape, lit.items.map((i) => i.item)], ['file', ['data/a[1].csv']]);
  const glob = resolveDataset(root, config, 'glob');
  assert.deepEqual([glob.shape, glob.items.map((i) => i.item)], ['glob', ['data/b1.csv', 'data/b2.csv']]);
  assert.deepEqual(resolveInputFiles(root, config, 'data/a[1].csv'), ['data/a[1].csv']);
  assert.deepEqual(resolveInputFiles(root, config, 'data/b[12].csv'), ['data/b1.csv', 'data/b2.csv']);
  assert.deepEqual(resolveInputFiles(root, config, 'data/?1.csv'), ['data/a1.csv', 'data/b1.csv']);
});

test('mlops data add of an existing a[1].csv versions that file, not the glob', () => {
  const root = workspace();
  fs.writeFileSync(path.join(root, 'mlops.json'), '{}\n');
  const add = mlops(['data', 'add', 'data/a[1].csv', '--name', 'lit', '--json'], root);
  assert.equal(add.code, 0, add.stderr);
  const versioned = JSON.parse(add.stdout) as { items: { path: string; state: string }[] }[];
  assert.deepEqual(versioned[0].items.map((i) => [i.path, i.state]), [['data/a[1].csv', 'created']]);
  assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'mlops.json'), 'utf8')).datasets.lit, 'data/a[1].csv');
  const status = JSON.parse(mlops(['data', 'status', 'lit', '--json'], root).stdout) as { path: string; kind: string; state: string }[];
  assert.deepEqual(status.map((s) => [s.path, s.kind, s.state]), [['data/a[1].csv', 'file', 'clean']]);
});
