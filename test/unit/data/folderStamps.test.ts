// A folder's hash from its files' stats: the same hash buildManifest gives, answered without a read
// or a per-file lookup once recorded, recorded only for a settled folder, and never standing for a
// folder whose files (or file list) changed.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildManifest } from '../../../src/core/data/directoryManifest';
import { hashFolder, stampFolder } from '../../../src/core/data/folderStamps';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

const old = (Date.now() - 60_000) / 1000;

function folder(root: string, files: Record<string, string>, settled: boolean): string {
  const dir = path.join(root, 'data');
  for (const [f, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), content);
    if (settled) fs.utimesSync(path.join(dir, f), old, old);
  }
  return dir;
}

const recorded = (store: Store) => store.db.prepare('SELECT path, hash, size, files FROM folder_stamps').all<{ path: string; hash: string; size: number; files: number }>();
const manifestHash = async (store: Store, root: string, dir: string) => (await buildManifest(store, root, dir, { storeObject: false }))!.hash;

test('a settled folder: the manifest hash, recorded, then answered from the stamp alone', async () => {
  const root = tempWorkspace();
  const store = Store.open(root);
  const dir = folder(root, { 'a.csv': 'x,y\n1,2\n', 'sub/b.bin': 'bbbb', 'sub/deeper/c.txt': 'c' }, true);
  const first = await hashFolder(store, root, dir);
  assert.equal(first?.hash, await manifestHash(store, root, dir));
  assert.equal(first?.size, 8 + 4 + 1);
  assert.ok(first.bytesRead > 0, 'the first time, the files are read');
  assert.deepEqual(
    recorded(store).map((r) => ({ ...r, size: Number(r.size), files: Number(r.files) })),
    [{ path: 'data', hash: first.hash, size: 13, files: 3 }],
  );
  // The answer comes from the stamp: the stat cache is emptied and nothing is read.
  store.db.exec('DELETE FROM stat_cache');
  const again = await hashFolder(store, root, dir);
  assert.deepEqual(again, { hash: first.hash, size: 13, bytesRead: 0 });
  store.close();
});

test('a changed, added or removed file gives the new hash, never the recorded one', async () => {
  const root = tempWorkspace();
  const store = Store.open(root);
  const dir = folder(root, { 'a.csv': 'x,y\n1,2\n', 'b.csv': 'x,y\n3,4\n' }, true);
  const before = (await hashFolder(store, root, dir))!.hash;
  // Same size, new content.
  folder(root, { 'a.csv': 'x,y\n9,9\n' }, true);
  const changed = await hashFolder(store, root, dir);
  assert.notEqual(changed?.hash, before);
  assert.equal(changed?.hash, await manifestHash(store, root, dir));
  folder(root, { 'c.csv': 'x,y\n5,6\n' }, true);
  const added = (await hashFolder(store, root, dir))!.hash;
  assert.ok(![before, changed.hash].includes(added));
  assert.equal(added, await manifestHash(store, root, dir));
  fs.rmSync(path.join(dir, 'c.csv'));
  const removed = await hashFolder(store, root, dir);
  assert.equal(removed?.hash, changed?.hash, 'back to the two files: the same hash as then');
  store.close();
});

test('a folder with a file inside the racy window is hashed but not recorded', async () => {
  const root = tempWorkspace();
  const store = Store.open(root);
  const dir = folder(root, { 'a.csv': 'x\n1\n' }, true);
  folder(root, { 'fresh.csv': 'x\n2\n' }, false);
  assert.equal(stampFolder(root, dir).settled, false);
  const h = await hashFolder(store, root, dir);
  assert.equal(h?.hash, await manifestHash(store, root, dir));
  assert.deepEqual(recorded(store), []);
  store.close();
});

test('the stamp covers each file\'s path and stat: a rename changes it, a re-read of the same tree does not', () => {
  const root = tempWorkspace();
  const dir = folder(root, { 'a.csv': 'x\n1\n', 'b.csv': 'x\n2\n' }, true);
  const s1 = stampFolder(root, dir);
  assert.equal(stampFolder(root, dir).digest, s1.digest);
  assert.equal(s1.files, 2);
  fs.renameSync(path.join(dir, 'b.csv'), path.join(dir, 'c.csv'));
  assert.notEqual(stampFolder(root, dir).digest, s1.digest);
});
