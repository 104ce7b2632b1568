// A restore whose object exists only on the remote fetches it first (verified); without a remote the
// missing-object error stays, with the hint to configure one and pull.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { after, test } from 'node:test';
import { checkoutVersion } from '../../../src/core/data/checkoutVersion';
import { parseDatasetRef, resolveDatasetRef } from '../../../src/core/data/datasetRef';
import { hasObject, objectPath } from '../../../src/core/data/objectCache';
import { MissingObjectError } from '../../../src/core/data/objectQuarantine';
import { neededObjects } from '../../../src/core/remote/neededObjects';
import { resolveRemote } from '../../../src/core/remote/openRemote';
import { pushObjects } from '../../../src/core/remote/pushObjects';
import type { Store } from '../../../src/core/store/store';
import { sha } from '../data/helpers';
import { distinctBytes, remoteConfig, workspaceWithData } from './helpers';

const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const s of stops) await s();
});

/** Removes objects from the cache as if this workspace had only pulled the records naming them. */
function forget(store: Store, root: string, hashes: string[]) {
  for (const h of hashes) {
    fs.rmSync(objectPath(root, h));
    store.db.prepare('DELETE FROM objects WHERE hash = ?').run(h);
  }
}

test('checkout fetches a file version and a folder version that are only on the remote', async () => {
  const r = await remoteConfig('s3');
  stops.push(r.stop);
  const w = await workspaceWithData(r.config);
  const remote = resolveRemote(w.root, w.config);
  stops.push(async () => remote.close());
  await pushObjects(w.store, w.root, remote, neededObjects(w.store));
  const train1 = resolveDatasetRef(w.store, parseDatasetRef('train@1'));
  const images = resolveDatasetRef(w.store, parseDatasetRef('images@1'));
  const imageObjects = [...neededObjects(w.store, ['images@1']).keys()];
  assert.equal(imageObjects.length, 4);
  forget(w.store, w.root, [train1.hash, ...imageObjects]);
  fs.rmSync(w.abs('img'), { recursive: true });

  const progress: number[] = [];
  await checkoutVersion(w.store, w.root, w.config, train1, { onProgress: (done) => progress.push(done) });
  assert.equal(fs.readFileSync(w.abs('data/train.csv'), 'utf8'), 'id,y\n1,0\n2,1\n');
  assert.ok(hasObject(w.root, train1.hash));
  assert.ok(progress.length > 0, 'the fetch reported progress');
  await checkoutVersion(w.store, w.root, w.config, images);
  for (let i = 0; i < 3; i++) assert.equal(sha(fs.readFileSync(w.abs(`img/${i}.bin`))), sha(distinctBytes(1000, i)));
  for (const h of imageObjects) assert.ok(hasObject(w.root, h));
});

test('without a remote the missing object error stays, with the hint; a remote without it says so', async () => {
  const bare = await workspaceWithData();
  const v1 = resolveDatasetRef(bare.store, parseDatasetRef('train@1'));
  forget(bare.store, bare.root, [v1.hash]);
  await assert.rejects(checkoutVersion(bare.store, bare.root, bare.config, v1), (err: Error) => {
    assert.ok(err instanceof MissingObjectError);
    assert.match(err.message, /Restoring train@1 to data\/train.csv: the object \w{12} is missing from \.mlops\/objects.*add their remote to mlops\.json .*`mlops pull`/s);
    return true;
  });
  assert.equal(fs.readFileSync(bare.abs('data/train.csv'), 'utf8'), 'id,y\n1,0\n2,1\n3,1\n', 'the working file is untouched');

  const r = await remoteConfig('folder');
  const w = await workspaceWithData(r.config);
  const v = resolveDatasetRef(w.store, parseDatasetRef('train@1'));
  forget(w.store, w.root, [v.hash]);
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(checkoutVersion(w.store, w.root, w.config, v), (err: Error) => {
    assert.ok(err instanceof MissingObjectError);
    assert.match(err.message, new RegExp(`the object ${v.hash.slice(0, 12)} is neither in .mlops/objects nor on remote "team" \\(${r.folder}\\): push it`));
    return true;
  });
  await assert.rejects(checkoutVersion(w.store, w.root, w.config, v, { signal: aborted.signal }), { name: 'AbortError' });
});
