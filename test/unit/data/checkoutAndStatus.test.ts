import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { checkoutVersion } from '../../../src/core/data/checkoutVersion';
import { parseDatasetRef, resolveDatasetRef } from '../../../src/core/data/datasetRef';
import { datasetStatus } from '../../../src/core/data/datasetStatus';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { dataWorkspace, sha } from './helpers';

test('every version of a file changed 50 times restores byte-identical', async () => {
  const w = dataWorkspace({ train: 'data/train.csv' });
  const contents: string[] = [];
  for (let i = 0; i < 50; i++) {
    const text = `id,value\n${Array.from({ length: 20 + i }, (_, r) => `${r},${(r * 7 + i) % 13}`).join('\n')}\n`;
    contents.push(text);
    w.write('data/train.csv', text);
    await versionDataset(w.store, w.root, w.config, 'train');
  }
  assert.equal(listVersions(w.store, 'train').length, 50);
  for (let v = 1; v <= 50; v++) {
    const target = resolveDatasetRef(w.store, parseDatasetRef(`train@${v}`));
    await checkoutVersion(w.store, w.root, w.config, target);
    assert.equal(sha(fs.readFileSync(w.abs('data/train.csv'))), sha(contents[v - 1]), `version ${v}`);
  }
});

test('checkout saves unversioned work first, keeps the file mode, records the restore; status follows', async () => {
  const w = dataWorkspace({ train: 'data/train.csv' });
  w.write('data/train.csv', 'v1\n');
  fs.chmodSync(w.abs('data/train.csv'), 0o600);
  await versionDataset(w.store, w.root, w.config, 'train');
  w.write('data/train.csv', 'v2\n');
  await versionDataset(w.store, w.root, w.config, 'train');
  w.write('data/train.csv', 'unsaved work\n');
  assert.deepEqual((await datasetStatus(w.store, w.root, w.config)).map((s) => [s.item, s.latest, s.state]), [['data/train.csv', 2, 'modified']]);
  const r = await checkoutVersion(w.store, w.root, w.config, resolveDatasetRef(w.store, parseDatasetRef('train@1')));
  assert.equal(fs.readFileSync(w.abs('data/train.csv'), 'utf8'), 'v1\n');
  assert.equal(fs.statSync(w.abs('data/train.csv')).mode & 0o777, 0o600);
  assert.deepEqual([r.saved?.version, r.saved?.source, r.saved?.hash], [3, 'restore', sha('unsaved work\n')]);
  assert.deepEqual([r.recorded?.version, r.recorded?.note], [4, 'restored version 1']);
  assert.equal((await datasetStatus(w.store, w.root, w.config))[0].state, 'clean');
  // The saved work comes back by hash prefix.
  await checkoutVersion(w.store, w.root, w.config, resolveDatasetRef(w.store, parseDatasetRef(`train@${sha('unsaved work\n').slice(0, 8)}`)));
  assert.equal(fs.readFileSync(w.abs('data/train.csv'), 'utf8'), 'unsaved work\n');
  fs.rmSync(w.abs('data/train.csv'));
  assert.equal((await datasetStatus(w.store, w.root, w.config))[0].state, 'missing');
  await checkoutVersion(w.store, w.root, w.config, resolveDatasetRef(w.store, parseDatasetRef('train@2')));
  assert.equal(fs.readFileSync(w.abs('data/train.csv'), 'utf8'), 'v2\n');
});

test('status: untracked before the first version; glob items by NAME:ITEM@N; folders restored whole', async () => {
  const w = dataWorkspace({ incoming: 'incoming/*.csv', images: 'img' });
  w.write('incoming/a.csv', 'a1');
  w.write('incoming/b.csv', 'b1');
  w.write('img/x.png', 'x1');
  assert.deepEqual((await datasetStatus(w.store, w.root, w.config)).map((s) => s.state), ['untracked', 'untracked', 'untracked']);
  await versionDataset(w.store, w.root, w.config, 'incoming');
  await versionDataset(w.store, w.root, w.config, 'images');
  w.write('incoming/a.csv', 'a2');
  w.write('img/x.png', 'x2');
  w.write('img/extra.png', 'e');
  await versionDataset(w.store, w.root, w.config, 'incoming');
  assert.throws(() => resolveDatasetRef(w.store, parseDatasetRef('incoming@1')), /has 2 items: name one as incoming:ITEM@1/);
  const a1 = resolveDatasetRef(w.store, parseDatasetRef('incoming:a.csv@1'));
  assert.equal(a1.hash, sha('a1'));
  await checkoutVersion(w.store, w.root, w.config, a1);
  assert.equal(fs.readFileSync(w.abs('incoming/a.csv'), 'utf8'), 'a1');
  // The folder: its unversioned state is saved, then it is put back as version 1 exactly.
  const r = await checkoutVersion(w.store, w.root, w.config, resolveDatasetRef(w.store, parseDatasetRef('images@1')));
  assert.equal(r.saved?.version, 2);
  assert.deepEqual(fs.readdirSync(w.abs('img')), ['x.png']);
  assert.equal(fs.readFileSync(w.abs('img/x.png'), 'utf8'), 'x1');
  await checkoutVersion(w.store, w.root, w.config, resolveDatasetRef(w.store, parseDatasetRef('images@2')));
  assert.deepEqual(fs.readdirSync(w.abs('img')).sort(), ['extra.png', 'x.png']);
});

test('cache.link hardlink: the versioned file is the read-only object; restores link too', async () => {
  const w = dataWorkspace({ train: 'train.csv' }, { cache: { link: 'hardlink' } });
  w.write('train.csv', 'one');
  await versionDataset(w.store, w.root, w.config, 'train');
  const st = fs.statSync(w.abs('train.csv'));
  assert.equal(st.nlink, 2);
  assert.equal(st.mode & 0o222, 0);
  fs.rmSync(w.abs('train.csv'));
  w.write('train.csv', 'two');
  await versionDataset(w.store, w.root, w.config, 'train');
  await checkoutVersion(w.store, w.root, w.config, resolveDatasetRef(w.store, parseDatasetRef('train@1')));
  assert.equal(fs.readFileSync(w.abs('train.csv'), 'utf8'), 'one');
  assert.equal(fs.statSync(w.abs('train.csv')).nlink, 2);
});
