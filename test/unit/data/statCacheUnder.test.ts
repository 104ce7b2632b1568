// A folder's stat-cache entries read in one query: exactly the files under it, answering as the
// per-file lookup does (same stat: the hash; any other stat or a racy entry: nothing).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { statFile } from '../../../src/core/data/fileStat';
import { cachedHash, cachedHashIn, rememberHash, statCacheUnder } from '../../../src/core/data/statCache';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

test('statCacheUnder holds the entries under the folder only, and answers as cachedHash does', () => {
  const root = tempWorkspace();
  const store = Store.open(root);
  const files = ['data/s1/a.bin', 'data/s1/sub/b.bin', 'data/s10/c.bin', 'data/s1.csv', 'data/s0/d.bin', 'other.txt'];
  const old = Date.now() - 60_000;
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), f);
    fs.utimesSync(path.join(root, f), old / 1000, old / 1000);
    rememberHash(store, f, statFile(path.join(root, f)), `hash of ${f}`);
  }
  // Hashed just after a write: not trusted, by either lookup.
  fs.writeFileSync(path.join(root, 'data/s1/racy.bin'), 'x');
  rememberHash(store, 'data/s1/racy.bin', statFile(path.join(root, 'data/s1/racy.bin')), 'racy');

  const rows = statCacheUnder(store, 'data/s1');
  assert.deepEqual([...rows.keys()].sort(), ['data/s1/a.bin', 'data/s1/sub/b.bin']);
  for (const f of [...files, 'data/s1/racy.bin']) {
    const st = statFile(path.join(root, f));
    assert.equal(f.startsWith('data/s1/') ? cachedHashIn(rows, f, st) : undefined, f.startsWith('data/s1/') ? cachedHash(store, f, st) : undefined, f);
  }
  assert.equal(cachedHashIn(rows, 'data/s1/a.bin', statFile(path.join(root, 'data/s1/a.bin'))), 'hash of data/s1/a.bin');
  // Another stat (the file rewritten): no answer.
  fs.writeFileSync(path.join(root, 'data/s1/a.bin'), 'changed');
  assert.equal(cachedHashIn(rows, 'data/s1/a.bin', statFile(path.join(root, 'data/s1/a.bin'))), undefined);
  assert.equal(statCacheUnder(store, '.').size, files.length, 'the whole workspace: every trusted entry');
  store.close();
});
