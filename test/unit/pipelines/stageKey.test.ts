import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashDeps, stageKey } from '../../../src/core/pipelines/stageKey';
import type { PathHash } from '../../../src/core/pipelines/types';
import { dataWorkspace, sha } from '../data/helpers';
import { stageSpec } from './stageFixture';

const deps: PathHash[] = [
  { path: 'b.csv', kind: 'file', hash: sha('b'), size: 1 },
  { path: 'a.csv', kind: 'file', hash: sha('a'), size: 1 },
];

test('the key is stable: same stage and deps give the same key, whatever the order of deps and outs', () => {
  const s = stageSpec({ outs: ['x', 'y'] });
  const k = stageKey(s, deps);
  assert.match(k, /^[0-9a-f]{64}$/);
  assert.equal(stageKey(stageSpec({ outs: ['y', 'x'] }), [...deps].reverse()), k);
  // Neither the description-like template nor the prices nor the sizes are in it.
  assert.equal(stageKey({ ...s, commandTemplate: 'other', prices: { cpuHour: 3 } }, deps.map((d) => ({ ...d, size: 99 }))), k);
});

test('the key changes with each field that changes what the stage produces', () => {
  const s = stageSpec({ outs: ['x'] });
  const k = stageKey(s, deps);
  const variants: [string, string][] = [
    ['command', stageKey({ ...s, command: 'python train.py --fast' }, deps)],
    ['cwd', stageKey({ ...s, cwd: 'src' }, deps)],
    ['param value', stageKey({ ...s, params: { lr: 0.2 } }, deps)],
    ['param added', stageKey({ ...s, params: { lr: 0.1, epochs: 3 } }, deps)],
    ['param type', stageKey({ ...s, params: { lr: '0.1' } }, deps)],
    ['env', stageKey({ ...s, env: { SEED: '1' } }, deps)],
    ['dep hash', stageKey(s, [{ ...deps[0], hash: sha('c') }, deps[1]])],
    ['dep path', stageKey(s, [{ ...deps[0], path: 'c.csv' }, deps[1]])],
    ['dep removed', stageKey(s, [deps[0]])],
    ['outs', stageKey({ ...s, outs: ['x', 'z'] }, deps)],
    ['metrics', stageKey({ ...s, metrics: 'metrics.json' }, deps)],
  ];
  for (const [what, v] of variants) assert.notEqual(v, k, what);
  assert.equal(new Set(variants.map((v) => v[1])).size, variants.length, 'every variant differs from the others too');
});

test('hashDeps hashes files and folders, lists missing deps, and reads nothing the stat cache knows', async () => {
  const ws = dataWorkspace({});
  ws.write('data/train.csv', 'a,b\n1,2\n', 60);
  ws.write('images/1.png', 'one', 60);
  ws.write('images/sub/2.png', 'two', 60);
  const s = stageSpec({ depPaths: ['data/train.csv', 'images', 'gone.csv'] });

  const first = await hashDeps(ws.store, ws.root, s);
  assert.deepEqual(first.missing, ['gone.csv']);
  assert.deepEqual(first.deps.map((d) => [d.path, d.kind]), [['data/train.csv', 'file'], ['images', 'dir']]);
  assert.equal(first.deps[0].hash, sha('a,b\n1,2\n'));
  assert.equal(first.deps[1].size, 6);
  assert.equal(first.bytesRead, 8 + 6);

  const second = await hashDeps(ws.store, ws.root, s);
  assert.equal(second.bytesRead, 0, 'unchanged files are answered by the stat cache');
  assert.deepEqual(second.deps, first.deps);

  ws.write('images/sub/2.png', 'TWO!', 60);
  const third = await hashDeps(ws.store, ws.root, s);
  assert.equal(third.bytesRead, 4, 'only the changed file is read');
  assert.notEqual(third.deps[1].hash, first.deps[1].hash);
});

test('hashDeps off the thread (as the extension host asks) gives the same hashes', async () => {
  const ws = dataWorkspace({});
  ws.write('data/train.csv', 'a,b\n1,2\n', 60);
  ws.write('images/1.png', 'one', 60);
  const s = stageSpec({ depPaths: ['data/train.csv', 'images'] });
  const off = await hashDeps(ws.store, ws.root, s, { offThreadBytes: 1 });
  assert.equal(off.bytesRead, 8 + 3);
  assert.equal(off.deps[0].hash, sha('a,b\n1,2\n'));
  ws.store.db.prepare('DELETE FROM stat_cache').run();
  assert.deepEqual((await hashDeps(ws.store, ws.root, s)).deps, off.deps);
});
