// `.mlops` is never data: a dataset path or glob reaching it is refused like a path outside the
// workspace, by mlops.json's problems, by the data layer and by `mlops data add` (exit 2).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { formatProblem, loadConfig } from '../../../src/core/config/loadConfig';
import { resolveDataset } from '../../../src/core/data/datasetItems';
import { StateFolderError } from '../../../src/core/data/workspacePaths';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from '../cli/runCli';

function workspace(datasets: Record<string, string> = {}) {
  const root = fs.realpathSync(tempWorkspace());
  Store.open(root).close();
  fs.mkdirSync(path.join(root, 'data'));
  fs.writeFileSync(path.join(root, 'data', 'a.csv'), 'a\n1\n');
  fs.symlinkSync(path.join(root, '.mlops'), path.join(root, 'data', 'state'));
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets }, null, 2));
  return root;
}

const reaching = {
  all: '.mlops/**',
  db: '.mlops/store.db',
  dir: '.mlops',
  dotted: './.mlops/objects',
  back: 'data/../.mlops/store.db',
  linked: 'data/state/store.db',
  linkedGlob: 'data/state/**/*',
};

test('a declared dataset reaching .mlops, also through a symlink, is a problem at its line', () => {
  const root = workspace({ ...reaching, fine: 'data/a.csv', everyCsv: '**/*.csv' });
  const problems = loadConfig(root).problems.map((p) => formatProblem('mlops.json', p));
  assert.deepEqual(
    problems.map((l) => l.split(': ')[0].replace(/^mlops\.json:\d+:\d+ /, '')),
    Object.keys(reaching).map((k) => `/datasets/${k}`),
    problems.join('\n'),
  );
  for (const l of problems) assert.match(l, /inside \.mlops, the workbench's own store and object cache, which is never data/);
  for (const name of Object.keys(reaching)) assert.throws(() => resolveDataset(root, loadConfig(root).config, name), StateFolderError);
  // A glob over the whole workspace never walks into .mlops.
  assert.deepEqual(resolveDataset(root, loadConfig(root).config, 'everyCsv').items.map((i) => i.item), ['data/a.csv']);
});

test('mlops data add refuses .mlops with exit 2 and leaves mlops.json as it was', () => {
  const root = workspace();
  const before = fs.readFileSync(path.join(root, 'mlops.json'), 'utf8');
  for (const arg of ['.mlops', '.mlops/**', '.mlops/store.db', 'data/state', 'data/state/store.db']) {
    const r = mlops(['data', 'add', arg], root);
    assert.equal(r.code, 2, `${arg}: ${r.stderr}`);
    assert.match(r.stderr, /inside \.mlops/, arg);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(fs.readFileSync(path.join(root, 'mlops.json'), 'utf8'), before, arg);
  }
  const store = Store.open(root);
  assert.equal(store.db.prepare('SELECT COUNT(*) AS n FROM dataset_versions').get<{ n: number }>()!.n, 0);
  store.close();
});

test('commands refuse a config that declares .mlops as data (exit 2)', () => {
  const root = workspace({ state: '.mlops/**' });
  const r = mlops(['data', 'version', 'state'], root);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /\/datasets\/state: .*inside \.mlops/);
});

test('a folder dataset holding a file symlink into .mlops or out of the workspace is refused, naming the link', () => {
  for (const [name, target] of [
    ['into-state', (root: string) => path.join(root, '.mlops', 'store.db')],
    ['outside', () => path.join(fs.realpathSync(tempWorkspace()), 'elsewhere.csv')],
  ] as const) {
    const root = workspace();
    const t = target(root);
    if (!fs.existsSync(t)) fs.writeFileSync(t, 'x\n1\n');
    fs.mkdirSync(path.join(root, 'folder'));
    fs.writeFileSync(path.join(root, 'folder', 'ok.csv'), 'a\n1\n');
    fs.symlinkSync(t, path.join(root, 'folder', 'link.csv'));
    const r = mlops(['data', 'add', 'folder'], root);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /folder\/link\.csv \(in folder folder\)/, name);
    assert.match(r.stderr, name === 'outside' ? /outside the workspace/ : /inside \.mlops/, name);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    const store = Store.open(root);
    assert.equal(store.db.prepare('SELECT COUNT(*) AS n FROM dataset_versions').get<{ n: number }>()!.n, 0, name);
    store.close();
  }
});
