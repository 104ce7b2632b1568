import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openDriver } from '../../../src/core/store/driver';
import { latestSchemaVersion } from '../../../src/core/store/migrations';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

// Under Node 24 the better-sqlite3 binary built for Node 20 cannot load, so the very same tests
// prove the node:sqlite fallback; test/run.mjs sets MLOPS_EXPECT_DRIVER for that run.
const expectedDriver = process.env.MLOPS_EXPECT_DRIVER ?? 'better-sqlite3';

test(`opens with the expected driver (${expectedDriver})`, () => {
  const store = Store.open(tempWorkspace());
  try {
    assert.equal(store.driverName, expectedDriver);
  } finally {
    store.close();
  }
});

test('creates .mlops/ with its .gitignore, objects/, runs/ and store.db', () => {
  const root = tempWorkspace();
  Store.open(root).close();
  for (const p of ['.mlops/store.db', '.mlops/objects', '.mlops/runs']) assert.ok(fs.existsSync(path.join(root, p)), p);
  assert.match(fs.readFileSync(path.join(root, '.mlops/.gitignore'), 'utf8'), /^\*$/m);
});

test('applies pragmas: WAL, foreign keys, busy timeout', () => {
  const store = Store.open(tempWorkspace());
  try {
    assert.equal(store.db.prepare('PRAGMA journal_mode').get<{ journal_mode: string }>()?.journal_mode, 'wal');
    assert.equal(Number(store.db.prepare('PRAGMA foreign_keys').get<{ foreign_keys: number }>()?.foreign_keys), 1);
    assert.ok(Number(store.db.prepare('PRAGMA busy_timeout').get<{ timeout: number }>()?.timeout) >= 5000);
  } finally {
    store.close();
  }
});

test('migrates to the latest schema version, and reopening changes nothing', () => {
  const root = tempWorkspace();
  const first = Store.open(root);
  assert.equal(first.schemaVersion(), latestSchemaVersion);
  const tables = first.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all<{ name: string }>().map((r) => r.name);
  for (const t of ['runs', 'metrics', 'datasets', 'dataset_versions', 'models', 'model_versions', 'ingest_offsets']) assert.ok(tables.includes(t), t);
  first.db.prepare(`INSERT INTO models (name, created_at) VALUES ('m', 1)`).run();
  first.close();
  const again = Store.open(root);
  assert.equal(again.schemaVersion(), latestSchemaVersion);
  assert.equal(again.db.prepare('SELECT COUNT(*) AS n FROM models').get<{ n: number }>()?.n, 1);
  again.close();
});

test('refuses a store written by a newer version, naming both versions', () => {
  const root = tempWorkspace();
  Store.open(root).close();
  const raw = openDriver(path.join(root, '.mlops/store.db'));
  raw.exec(`PRAGMA user_version = ${latestSchemaVersion + 5}`);
  raw.close();
  assert.throws(() => Store.open(root), new RegExp(`schema version ${latestSchemaVersion + 5}.*\\(${latestSchemaVersion}\\)`, 's'));
});

test('a failed migration leaves the store at its previous version (transactional)', () => {
  const root = tempWorkspace();
  fs.mkdirSync(path.join(root, '.mlops'));
  const raw = openDriver(path.join(root, '.mlops/store.db'));
  // A table the first migration also creates makes it fail half-way through.
  raw.exec('CREATE TABLE models (x INTEGER)');
  raw.close();
  assert.throws(() => Store.open(root), /models already exists/);
  const check = openDriver(path.join(root, '.mlops/store.db'));
  assert.equal(Number(check.prepare('PRAGMA user_version').get<{ user_version: number }>()?.user_version), 0);
  assert.equal(check.prepare(`SELECT name FROM sqlite_master WHERE name = 'runs'`).get(), undefined);
  check.close();
});

test('transactions roll back on throw; nested ones use savepoints', () => {
  const store = Store.open(tempWorkspace());
  try {
    const count = () => Number(store.db.prepare('SELECT COUNT(*) AS n FROM models').get<{ n: number }>()?.n);
    const insert = (name: string) => store.db.prepare('INSERT INTO models (name, created_at) VALUES (?, 1)').run(name);
    assert.throws(() =>
      store.transaction(() => {
        insert('a');
        throw new Error('boom');
      }),
    );
    assert.equal(count(), 0);
    store.transaction(() => {
      insert('b');
      assert.throws(() =>
        store.transaction(() => {
          insert('c');
          throw new Error('inner');
        }),
      );
    });
    assert.deepEqual(store.db.prepare('SELECT name FROM models').all<{ name: string }>().map((r) => r.name), ['b']);
  } finally {
    store.close();
  }
});

test('foreign keys cascade: deleting a run deletes its metrics', () => {
  const store = Store.open(tempWorkspace());
  try {
    store.db.prepare(`INSERT INTO runs (id, name, experiment, status, command, cwd, created_at) VALUES ('r1', 'n', 'e', 'finished', 'c', '.', 1)`).run();
    store.db.prepare(`INSERT INTO metrics (run_id, key, step, value, timestamp) VALUES ('r1', 'loss', 0, 0.5, 1)`).run();
    store.db.prepare(`DELETE FROM runs WHERE id = 'r1'`).run();
    assert.equal(Number(store.db.prepare('SELECT COUNT(*) AS n FROM metrics').get<{ n: number }>()?.n), 0);
  } finally {
    store.close();
  }
});

test('several processes opening a new store at once all succeed and migrate exactly once', () => {
  const root = tempWorkspace();
  const script = `require(${JSON.stringify(path.resolve(__dirname, '../../../src/core/store/store.ts'))}).Store.open(${JSON.stringify(root)}).close()`;
  const children = Array.from({ length: 4 }, () =>
    spawnSync(process.execPath, [...process.execArgv, '-e', script], { encoding: 'utf8', env: process.env }),
  );
  for (const c of children) assert.equal(c.status, 0, c.stderr);
  const store = Store.open(root);
  assert.equal(store.schemaVersion(), latestSchemaVersion);
  store.close();
});

test('an unknown forced driver is an error naming the variable and the choices', () => {
  assert.throws(() => openDriver(':memory:', 'sqlite4'), /MLOPS_SQLITE_DRIVER is "sqlite4".*better-sqlite3.*node:sqlite/);
});
