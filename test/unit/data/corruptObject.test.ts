// A restore never writes bytes that do not match their hash, and no reader uses them: an object
// corrupted in the cache is quarantined and refused, the working files stay as they were, nothing is
// recorded, and the message says how to recover.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkoutVersion } from '../../../src/core/data/checkoutVersion';
import { parseDatasetRef, resolveDatasetRef } from '../../../src/core/data/datasetRef';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { readManifest } from '../../../src/core/data/directoryManifest';
import { objectPath, readObject } from '../../../src/core/data/objectCache';
import { verifiedObjectPath } from '../../../src/core/data/objectIntegrity';
import { CorruptObjectError } from '../../../src/core/data/objectQuarantine';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { profileForVersion } from '../../../src/core/quality/profileStore';
import { Store } from '../../../src/core/store/store';
import { mlops } from '../cli/runCli';
import { dataWorkspace, sha } from './helpers';

const V1 = 'id,score\n1,0.5\n2,0.7\n';
const V2 = 'id,score\n1,0.5\n2,0.9\n3,0.1\n';

/** Flips bytes of a cached object in place (as a disk error or a stray write would), same size. */
function corrupt(root: string, hash: string): void {
  const file = objectPath(root, hash);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 2] ^= 0xff;
  fs.chmodSync(file, 0o644);
  fs.writeFileSync(file, bytes);
  fs.chmodSync(file, 0o444);
}

function quarantined(root: string, hash: string): string[] {
  const dir = path.join(root, '.mlops', 'quarantine');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith(hash)) : [];
}

async function twoVersions(extraDatasets: Record<string, string> = {}, link?: 'copy' | 'hardlink') {
  const w = dataWorkspace({ train: 'data/train.csv', ...extraDatasets }, link ? { cache: { link } } : {});
  w.write('data/train.csv', V1, 60);
  await versionDataset(w.store, w.root, w.config, 'train');
  fs.rmSync(w.abs('data/train.csv')); // replaced, not written in place (in hardlink mode it is the object)
  w.write('data/train.csv', V2, 30);
  await versionDataset(w.store, w.root, w.config, 'train');
  return w;
}

for (const link of [undefined, 'copy', 'hardlink'] as const) {
  test(`restoring a corrupted object (${link ?? 'reflink'}) refuses, keeps the file, records nothing, quarantines the object`, async () => {
    const w = await twoVersions({}, link);
    const target = resolveDatasetRef(w.store, parseDatasetRef('train@1'));
    corrupt(w.root, sha(V1));
    const before = fs.statSync(w.abs('data/train.csv'));
    await assert.rejects(checkoutVersion(w.store, w.root, w.config, target), (err: Error) => {
      assert.ok(err instanceof CorruptObjectError, String(err));
      assert.match(err.message, /Restoring train@1 to data\/train\.csv: refused, the cached object [0-9a-f]{12} is corrupted \(its bytes hash to [0-9a-f]{12}\), so nothing was written from it\. It was moved to \.mlops\/quarantine\//);
      assert.match(err.message, /No other copy is known in the workspace: put a good copy .* version it again/);
      return true;
    });
    assert.equal(fs.readFileSync(w.abs('data/train.csv'), 'utf8'), V2, 'working file as it was');
    assert.equal(fs.statSync(w.abs('data/train.csv')).ino, before.ino, 'not even replaced');
    assert.deepEqual(fs.readdirSync(w.abs('data')), ['train.csv'], 'no temp file left');
    assert.deepEqual(listVersions(w.store, 'train').map((v) => v.version), [2, 1], 'no version recorded');
    assert.ok(!fs.existsSync(objectPath(w.root, sha(V1))), 'object out of the cache');
    assert.equal(quarantined(w.root, sha(V1)).length, 1);
    w.store.close();
  });
}

test('the refusal names a workspace copy the store knows of, and versioning that copy recovers the restore', async () => {
  const w = await twoVersions({ backup: 'backup/train.csv' });
  w.write('backup/train.csv', V1, 60);
  await versionDataset(w.store, w.root, w.config, 'backup');
  corrupt(w.root, sha(V1));
  const target = resolveDatasetRef(w.store, parseDatasetRef('train@1'));
  await assert.rejects(checkoutVersion(w.store, w.root, w.config, target), /backup\/train\.csv still holds that content: version it again \(`mlops data version DATASET`\) to store the object anew, then retry/);
  await versionDataset(w.store, w.root, w.config, 'backup');
  const r = await checkoutVersion(w.store, w.root, w.config, target);
  assert.equal(r.unchanged, false);
  assert.equal(fs.readFileSync(w.abs('data/train.csv'), 'utf8'), V1);
  w.store.close();
});

test('a folder restore stages and checks every file before replacing any', async () => {
  const w = dataWorkspace({ images: 'images' });
  w.write('images/a.txt', 'a1', 60);
  w.write('images/b.txt', 'b1', 60);
  await versionDataset(w.store, w.root, w.config, 'images');
  w.write('images/a.txt', 'a2', 30);
  w.write('images/b.txt', 'b2', 30);
  w.write('images/c.txt', 'c2', 30);
  await versionDataset(w.store, w.root, w.config, 'images');
  corrupt(w.root, sha('b1'));
  const target = resolveDatasetRef(w.store, parseDatasetRef('images@1'));
  await assert.rejects(checkoutVersion(w.store, w.root, w.config, target), /Restoring images@1 to images \(file b\.txt\): refused/);
  assert.deepEqual(
    fs.readdirSync(w.abs('images')).sort().map((f) => [f, fs.readFileSync(w.abs(`images/${f}`), 'utf8')]),
    [['a.txt', 'a2'], ['b.txt', 'b2'], ['c.txt', 'c2']],
    'a.txt (a good object) was not replaced either, and no temp file is left',
  );
  assert.deepEqual(listVersions(w.store, 'images').map((v) => v.version), [2, 1]);
  // A corrupted manifest is caught by the same check.
  corrupt(w.root, target.hash);
  assert.throws(() => readManifest(w.root, target.hash, { store: w.store }), CorruptObjectError);
  assert.equal(quarantined(w.root, target.hash).length, 1);
  w.store.close();
});

test('every reader checks the object: readObject, verifiedObjectPath, a version\'s profile', async () => {
  const w = await twoVersions();
  const v1 = resolveDatasetRef(w.store, parseDatasetRef('train@1'));
  const v2 = resolveDatasetRef(w.store, parseDatasetRef('train@2'));
  assert.equal(await verifiedObjectPath(w.root, v2.hash), objectPath(w.root, v2.hash), 'a good object passes');
  corrupt(w.root, v2.hash);
  assert.throws(() => readObject(w.root, v2.hash), CorruptObjectError);
  assert.ok(!fs.existsSync(objectPath(w.root, v2.hash)));
  corrupt(w.root, v1.hash);
  await assert.rejects(profileForVersion(w.store, v1), /Profiling train:data\/train\.csv@1: refused, the cached object/);
  assert.equal(w.store.db.prepare('SELECT COUNT(*) AS n FROM profiles').get<{ n: number }>()!.n, 0, 'no profile stored');
  assert.equal(quarantined(w.root, v1.hash).length, 1);
  w.store.close();
});

test('mlops data checkout and data diff of a corrupted version exit 1, write nothing and quarantine the object', async () => {
  const w = await twoVersions();
  w.store.close();
  corrupt(w.root, sha(V1));
  const co = mlops(['data', 'checkout', 'train@1'], w.root);
  assert.equal(co.code, 1, co.stderr);
  assert.match(co.stderr, /^mlops data: Restoring train@1 to data\/train\.csv: refused, the cached object .* is corrupted/);
  assert.doesNotMatch(co.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(fs.readFileSync(w.abs('data/train.csv'), 'utf8'), V2);
  const store = Store.open(w.root);
  assert.deepEqual(listVersions(store, 'train').map((v) => v.version), [2, 1]);
  store.close();
  assert.equal(quarantined(w.root, sha(V1)).length, 1);

  corrupt(w.root, sha(V2));
  const diff = mlops(['data', 'diff', 'train@2'], w.root);
  assert.equal(diff.code, 1, diff.stderr);
  assert.match(diff.stderr, /Diffing train@2: refused, the cached object/);
  assert.equal(quarantined(w.root, sha(V2)).length, 1);
});
