// The store is never silently replaced: a store.db that is empty, truncated or not SQLite is refused
// (exit 2, the file named with the fix, no stack trace, the file left as it was), a read-only one
// says so, and gc refuses to empty the cache for a store that references nothing.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { objectPath } from '../../../src/core/data/objectCache';
import { Store } from '../../../src/core/store/store';
import { cliPath, mlops, spawnMlops } from '../cli/runCli';
import { tempWorkspace } from '../tempWorkspace';

function workspace(): string {
  const root = fs.realpathSync(tempWorkspace());
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets: { train: 'train.csv' } }));
  fs.writeFileSync(path.join(root, 'train.csv'), 'a\n1\n');
  return root;
}

const db = (root: string) => path.join(root, '.mlops', 'store.db');

function assertRefused(root: string, r: { code: number | null; stderr: string }, what: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, what);
  assert.ok(r.stderr.includes(db(root)), `names the file: ${r.stderr}`);
  assert.match(r.stderr, /Restore it from a backup; or, to start again with an empty store .* move it aside: mv \.mlops\/store\.db \.mlops\/store\.db\.broken/);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error/, 'no stack trace');
}

test('a 0-byte store.db is refused by every command, and stays 0 bytes', () => {
  const root = workspace();
  Store.open(root).close();
  fs.writeFileSync(db(root), '');
  for (const args of [['runs', 'list'], ['data', 'status'], ['data', 'gc']]) assertRefused(root, mlops(args, root), /is empty \(0 bytes\)/);
  assert.equal(fs.statSync(db(root)).size, 0, 'not re-created');
});

test('a truncated store.db and a file that is not SQLite are refused, unchanged', () => {
  const root = workspace();
  assert.equal(mlops(['data', 'version', 'train'], root).code, 0);
  const full = fs.readFileSync(db(root));
  fs.writeFileSync(db(root), full.subarray(0, full.length - 4096));
  assertRefused(root, mlops(['data', 'versions', 'train'], root), /is truncated: \d+ bytes where its header says \d+ bytes/);
  fs.writeFileSync(db(root), full.subarray(0, 1000));
  assertRefused(root, mlops(['runs', 'list'], root), /is truncated/);
  fs.writeFileSync(db(root), '{"not": "a database"}\n'.repeat(20));
  assertRefused(root, mlops(['data', 'status'], root), /is not an SQLite database \(it starts with "\{"not": "a datab"\)/);
  assert.equal(fs.readFileSync(db(root), 'utf8'), '{"not": "a database"}\n'.repeat(20));
});

test('a read-only store says so (exit 2), naming the file', () => {
  const root = workspace();
  Store.open(root).close();
  // Root writes through permission bits: run the CLI as another user, who may read but not write.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) fs.chmodSync(root, 0o755);
  else for (const p of [db(root), path.dirname(db(root))]) fs.chmodSync(p, 0o555);
  // As root, setpriv starts the built CLI as nobody; otherwise runCli's helper starts it as this user.
  const asNobody = () => {
    const p = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliPath, 'runs', 'list'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: p.status, stderr: p.stderr };
  };
  const r = asRoot ? asNobody() : mlops(['runs', 'list'], root);
  if (!asRoot) fs.chmodSync(path.dirname(db(root)), 0o755);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /The store .*\.mlops\/store\.db is read-only \(this user may not write the (file|folder) .*\)\. .*give write access to \.mlops\/ and its store\.db/);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
});

test('gc refuses to remove every object for a store that references none, unless --force', () => {
  const root = workspace();
  assert.equal(mlops(['data', 'version', 'train'], root).code, 0);
  const hash = JSON.parse(mlops(['data', 'versions', 'train', '--json'], root).stdout)[0].hash;
  const object = objectPath(root, hash);
  const old = Date.now() / 1000 - 3600; // past gc's grace period
  fs.utimesSync(object, old, old);
  // The store is replaced by an empty one (moved away: a missing store is a new workspace's, and is created).
  fs.renameSync(db(root), `${db(root)}.elsewhere`);
  for (const f of ['-wal', '-shm']) fs.rmSync(db(root) + f, { force: true });
  const refused = mlops(['data', 'gc'], root);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /references no object, yet \.mlops\/objects holds 1 \(4 bytes\): removing them all is refused.* run `mlops data gc --force`/);
  assert.ok(fs.existsSync(object), 'object kept');
  const dry = mlops(['data', 'gc', '--dry-run'], root);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /Would remove 1 unreferenced object/);
  const forced = mlops(['data', 'gc', '--force'], root);
  assert.equal(forced.code, 0, forced.stderr);
  assert.ok(!fs.existsSync(object), 'removed when forced');
});

test('processes creating a new store at once all open it: none ever sees a 0-byte store.db', async () => {
  const root = workspace();
  const codes = await Promise.all(
    Array.from({ length: 6 }, () => {
      const child = spawnMlops(['runs', 'list', '--json'], root);
      child.stdout.resume();
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      return new Promise<string>((resolve) => child.on('close', (code) => resolve(`${code} ${err}`)));
    }),
  );
  assert.deepEqual(codes, Array(6).fill('0 '));
  assert.deepEqual(fs.readdirSync(path.dirname(db(root))).filter((f) => f.includes('.new-')), [], 'no temp store left');
});
