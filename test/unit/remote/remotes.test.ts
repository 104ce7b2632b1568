// Both kinds of remote, for real: a shared folder on disk and s3rver through the AWS SDK v3.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { sha256File } from '../../../src/core/data/hashFile';
import { hasObject, objectPath, readObject } from '../../../src/core/data/objectCache';
import { storeLayout } from '../../../src/core/store/layout';
import { neededObjects } from '../../../src/core/remote/neededObjects';
import { resolveRemote } from '../../../src/core/remote/openRemote';
import { pullObjects } from '../../../src/core/remote/pullObjects';
import { pushObjects } from '../../../src/core/remote/pushObjects';
import { remoteStatus } from '../../../src/core/remote/remoteStatus';
import type { ObjectRemote, TransferProgress } from '../../../src/core/remote/types';
import { tempWorkspace } from '../tempWorkspace';
import { bareWorkspace, distinctBytes, kinds, remoteConfig, workspaceWithData } from './helpers';

const tmpFiles = (root: string) => {
  const dir = path.join(storeLayout(root).objects, 'tmp');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

async function listAll(remote: ObjectRemote) {
  const out = new Map<string, number>();
  for await (const o of remote.list()) out.set(o.hash, o.size);
  return out;
}

for (const kind of kinds) {
  describe(`${kind} remote`, () => {
    const stops: (() => Promise<void>)[] = [];
    after(async () => {
      for (const s of stops) await s();
    });
    const setup = async (opts: { files?: number; fileBytes?: number } = {}) => {
      const r = await remoteConfig(kind);
      stops.push(r.stop);
      const a = await workspaceWithData(r.config, opts);
      const remote = resolveRemote(a.root, a.config);
      stops.push(async () => remote.close());
      return { ...r, a, remote };
    };

    test('put, has, list and get round trip; a second put keeps the object', async () => {
      const { a, remote } = await setup();
      const needed = neededObjects(a.store);
      const [hash, size] = [...needed][0];
      assert.deepEqual([...(await remote.has([hash]))], []);
      await remote.put(hash, objectPath(a.root, hash), size);
      await remote.put(hash, objectPath(a.root, hash), size);
      assert.deepEqual([...(await remote.has([hash, 'f'.repeat(64)]))], [hash]);
      assert.deepEqual([...(await listAll(remote))], [[hash, size]]);
      const dest = path.join(tempWorkspace(), 'got');
      await remote.get(hash, dest);
      assert.equal(await sha256File(dest), hash);
      await assert.rejects(remote.get('e'.repeat(64), dest + '2'), /has no object e{64}: push it/);
    });

    test('push then pull into a second workspace restores the bytes; a second push uploads nothing', async () => {
      const { a, remote } = await setup();
      const needed = neededObjects(a.store);
      // 2 train versions, 3 image files and the folder's manifest.
      assert.equal(needed.size, 6);
      const seen: TransferProgress[] = [];
      const first = await pushObjects(a.store, a.root, remote, needed, { onProgress: (p) => seen.push(p) });
      assert.deepEqual({ ...first, bytes: first.bytes > 0 }, { transferred: 6, bytes: true, present: 0, failed: [] });
      assert.deepEqual(seen.at(-1), { phase: 'uploading', done: 6, total: 6, bytesDone: [...needed.values()].reduce((x, y) => x + y, 0), bytesTotal: [...needed.values()].reduce((x, y) => x + y, 0) });
      const again = await pushObjects(a.store, a.root, remote, needed);
      assert.deepEqual(again, { transferred: 0, bytes: 0, present: 6, failed: [] });
      assert.equal((await listAll(remote)).size, 6);

      const b = bareWorkspace();
      const pulled = await pullObjects(b.store, b.root, remote, needed);
      assert.deepEqual([pulled.transferred, pulled.present, pulled.failed], [6, 0, []]);
      for (const [hash, size] of needed) {
        assert.equal(readObject(b.root, hash).length, size);
        assert.deepEqual(readObject(b.root, hash), readObject(a.root, hash));
        assert.ok(b.store.db.prepare('SELECT 1 AS ok FROM objects WHERE hash = ?').get(hash), 'recorded in the objects table');
      }
      assert.deepEqual(tmpFiles(b.root), []);
      const twice = await pullObjects(b.store, b.root, remote, needed);
      assert.deepEqual(twice, { transferred: 0, bytes: 0, present: 6, failed: [] });
    });

    test('a corrupted object on the remote is refused on pull and kept out of the cache', async () => {
      const { a, remote } = await setup();
      const needed = neededObjects(a.store);
      const [victim] = [...needed.keys()];
      // Wrong bytes under the victim's hash; everything else pushed as usual.
      const wrong = path.join(tempWorkspace(), 'wrong');
      fs.writeFileSync(wrong, distinctBytes(500, 99));
      await remote.put(victim, wrong, 500);
      await pushObjects(a.store, a.root, remote, needed);
      const b = bareWorkspace();
      const r = await pullObjects(b.store, b.root, remote, needed);
      assert.equal(r.transferred, needed.size - 1);
      assert.equal(r.failed.length, 1);
      assert.equal(r.failed[0].hash, victim);
      assert.match(r.failed[0].message, new RegExp(`object ${victim} on remote team is corrupt \\(hash ${await sha256File(wrong)}\\)`));
      assert.equal(hasObject(b.root, victim), false);
      assert.equal(b.store.db.prepare('SELECT 1 AS ok FROM objects WHERE hash = ?').get(victim), undefined);
      assert.deepEqual(tmpFiles(b.root), []);
    });

    test('cancelling a push and a pull mid-way leaves nothing half-written; a rerun moves only the rest', async () => {
      const { a, remote, folder } = await setup({ files: 30, fileBytes: 200_000 });
      const needed = neededObjects(a.store);
      assert.equal(needed.size, 33);
      const stop = new AbortController();
      let uploads = 0;
      const counting: ObjectRemote = { ...remote, put: async (...args) => { await remote.put(...args); if (++uploads === 5) stop.abort(); } };
      await assert.rejects(pushObjects(a.store, a.root, counting, needed, { signal: stop.signal, jobs: 2 }), { name: 'AbortError' });
      const partial = await listAll(remote);
      assert.ok(partial.size >= 5 && partial.size < needed.size, `${partial.size} objects on the remote after the cancel`);
      // Every object on the remote is whole: its bytes hash to its name.
      const b = bareWorkspace();
      const check = await pullObjects(b.store, b.root, remote, partial);
      assert.deepEqual(check.failed, []);
      if (folder) assert.deepEqual(fs.existsSync(path.join(folder, 'objects', 'tmp')) ? fs.readdirSync(path.join(folder, 'objects', 'tmp')) : [], []);
      const rest = await pushObjects(a.store, a.root, remote, needed);
      assert.deepEqual([rest.transferred, rest.present, rest.failed.length], [needed.size - partial.size, partial.size, 0]);

      // A pull cancelled after a few downloads: whole objects or temp files removed, then the rest.
      const c = bareWorkspace();
      const stopPull = new AbortController();
      let downloads = 0;
      const slow: ObjectRemote = { ...remote, get: async (...args) => { await remote.get(...args); if (++downloads === 4) stopPull.abort(); } };
      await assert.rejects(pullObjects(c.store, c.root, slow, needed, { signal: stopPull.signal, jobs: 2 }), { name: 'AbortError' });
      assert.deepEqual(tmpFiles(c.root), []);
      const have = [...needed.keys()].filter((h) => hasObject(c.root, h));
      for (const h of have) assert.equal(readObject(c.root, h).length, needed.get(h));
      const finish = await pullObjects(c.store, c.root, remote, needed);
      assert.deepEqual([finish.transferred, finish.present, finish.failed.length], [needed.size - have.length, have.length, 0]);
    });

    test('a corrupted local object is quarantined and never uploaded; the rest go', async () => {
      const { a, remote } = await setup();
      const needed = neededObjects(a.store);
      const [victim] = [...needed.keys()];
      const file = objectPath(a.root, victim);
      fs.chmodSync(file, 0o644);
      fs.writeFileSync(file, 'rotten bytes');
      const r = await pushObjects(a.store, a.root, remote, needed);
      assert.equal(r.transferred, needed.size - 1);
      assert.deepEqual(r.failed.map((f) => f.hash), [victim]);
      assert.match(r.failed[0].message, /Pushing object \w{12} to remote "team"/);
      assert.deepEqual([...(await remote.has([victim]))], []);
      assert.equal(hasObject(a.root, victim), false, 'quarantined');
    });

    test('status counts what is to push, to pull and missing everywhere', async () => {
      const { a, remote } = await setup();
      const needed = neededObjects(a.store);
      const total = [...needed.values()].reduce((x, y) => x + y, 0);
      let s = await remoteStatus(a.store, a.root, remote);
      assert.deepEqual([s.toPush, s.toPull, s.missingEverywhere.count], [{ count: 6, bytes: total }, { count: 0, bytes: 0 }, 0]);
      await pushObjects(a.store, a.root, remote, neededObjects(a.store, ['train@1']));
      s = await remoteStatus(a.store, a.root, remote, ['train']);
      assert.equal(s.toPush.count, 1);
      // One object gone from here (pushed: to pull) and one gone from here that was never pushed (lost).
      const [v1, v2] = [...neededObjects(a.store, ['train@1']).keys(), ...neededObjects(a.store, ['train@2']).keys()];
      fs.rmSync(objectPath(a.root, v1));
      fs.rmSync(objectPath(a.root, v2));
      s = await remoteStatus(a.store, a.root, remote, ['train']);
      assert.deepEqual([s.toPush.count, s.toPull.count, s.missingEverywhere], [0, 1, { count: 1, hashes: [v2] }]);
      assert.equal(s.remote, 'team');
    });
  });
}
