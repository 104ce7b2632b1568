import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { deleteVersion } from '../../../src/core/data/deleteVersion';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { hasObject } from '../../../src/core/data/objectCache';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { dataWorkspace } from './helpers';

test('deleting a version removes its row, and its object only when nothing else refers to it', async () => {
  const w = dataWorkspace({ train: 'data/train.csv' });
  for (const text of ['a\n1\n', 'a\n2\n', 'a\n1\n']) {
    w.write('data/train.csv', text);
    await versionDataset(w.store, w.root, w.config, 'train');
  }
  const [v3, v2, v1] = listVersions(w.store, 'train');
  assert.deepEqual([v3.version, v2.version, v1.version], [3, 2, 1]);
  assert.equal(v1.hash, v3.hash);

  const shared = deleteVersion(w.store, w.root, v1.id);
  assert.equal(shared.objectRemoved, false, 'version 3 still holds the same content');
  assert.ok(hasObject(w.root, v1.hash));

  const only = deleteVersion(w.store, w.root, v2.id);
  assert.equal(only.objectRemoved, true);
  assert.ok(!hasObject(w.root, v2.hash));
  assert.ok(!fs.existsSync(w.abs('.mlops/objects/' + v2.hash.slice(0, 2) + '/' + v2.hash.slice(2))));
  assert.deepEqual(listVersions(w.store, 'train').map((v) => v.version), [3], 'numbers are kept, not renumbered');
  assert.throws(() => deleteVersion(w.store, w.root, v2.id), /does not exist/);
});
