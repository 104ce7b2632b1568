// SQLite rolls a whole transaction back itself on SQLITE_FULL; the store's rollback of a nested
// transaction must then report that cause ("database or disk is full"), not its own failed
// ROLLBACK ("no such savepoint", "no transaction is active"). max_page_count gives a real SQLITE_FULL.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isDiskFull } from '../../../src/core/store/diskFull';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

test('a nested transaction that fills the database throws SQLITE_FULL, and the store works afterwards', () => {
  const store = Store.open(tempWorkspace());
  try {
    store.db.exec('CREATE TABLE filler (n INTEGER, text TEXT)');
    const pages = Number(store.db.prepare('PRAGMA page_count').get<{ page_count: number }>()?.page_count);
    store.db.exec(`PRAGMA max_page_count = ${pages + 2}`);
    const insert = store.db.prepare('INSERT INTO filler (n, text) VALUES (?, ?)');
    assert.throws(
      () => store.transaction(() => store.transaction(() => { for (let i = 0; i < 10_000; i++) insert.run(i, 'x'.repeat(500)); })),
      (err: Error) => isDiskFull(err) && /database or disk is full/.test(err.message),
    );
    assert.equal(store.db.prepare('SELECT COUNT(*) AS n FROM filler').get<{ n: number }>()?.n, 0, 'nothing half-written');
    store.db.exec(`PRAGMA max_page_count = ${pages * 1000}`);
    store.transaction(() => store.transaction(() => insert.run(1, 'after')));
    assert.equal(store.db.prepare('SELECT COUNT(*) AS n FROM filler').get<{ n: number }>()?.n, 1);
  } finally {
    store.close();
  }
});
