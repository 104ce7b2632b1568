// The `mlops` executable runs the CLI bundle through V8's code cache: a cache file per verb appears
// after a command, is used as it is by the next (not written again), a damaged one is refused by V8
// and replaced, and no trouble with the cache (an unwritable folder, the cache turned off) changes
// what a command prints or how it exits.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

const cacheDir = (home: string) => path.join(home, 'mlops-workbench', 'code-cache');
const cacheFiles = (home: string) => (fs.existsSync(cacheDir(home)) ? fs.readdirSync(cacheDir(home)).sort() : []);

test('a command leaves a cache file for its verb, which the next run of that verb uses as it is', () => {
  const home = tempWorkspace('mlops-cache-');
  const ws = tempWorkspace();
  const env = { XDG_CACHE_HOME: home };
  const first = mlops(['--version'], ws, env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^\d+\.\d+\.\d+\n$/);
  assert.deepEqual(cacheFiles(home).map((f) => f.replace(/^cli-[0-9a-f]{32}-/, '')), ['other.bin']);
  const doctor = mlops(['doctor'], ws, env);
  assert.match(doctor.stdout, /sqlite driver/);
  assert.deepEqual(cacheFiles(home).map((f) => f.replace(/^cli-[0-9a-f]{32}-/, '')), ['doctor.bin', 'other.bin']);
  const file = path.join(cacheDir(home), cacheFiles(home)[0]);
  const before = fs.statSync(file);
  const again = mlops(['doctor'], ws, env);
  assert.equal(again.stdout, doctor.stdout);
  const after = fs.statSync(file);
  assert.equal(after.ino, before.ino, 'an accepted cache is not written again');
  assert.equal(after.mtimeMs, before.mtimeMs);
});

test('a damaged cache is refused and replaced; the command runs as without one', () => {
  const home = tempWorkspace('mlops-cache-');
  const ws = tempWorkspace();
  const env = { XDG_CACHE_HOME: home };
  const clean = mlops(['doctor'], ws, env);
  const file = path.join(cacheDir(home), cacheFiles(home)[0]);
  const good = fs.readFileSync(file);
  fs.writeFileSync(file, Buffer.alloc(good.length, 7));
  const r = mlops(['doctor'], ws, env);
  assert.equal(r.code, clean.code);
  assert.equal(r.stdout, clean.stdout);
  assert.equal(r.stderr, '');
  assert.notDeepEqual(fs.readFileSync(file), Buffer.alloc(good.length, 7), 'the damaged cache was replaced');
  assert.deepEqual(fs.readdirSync(cacheDir(home)).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
});

test('an unwritable cache folder or the cache turned off: the command works and nothing is written', () => {
  const ws = tempWorkspace();
  const blocked = path.join(tempWorkspace('mlops-cache-'), 'a-file');
  fs.writeFileSync(blocked, 'not a folder');
  const r = mlops(['nosuch'], ws, { XDG_CACHE_HOME: blocked });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command "nosuch"/);
  const home = tempWorkspace('mlops-cache-');
  const off = mlops(['--version'], ws, { XDG_CACHE_HOME: home, MLOPS_NO_CODE_CACHE: '1' });
  assert.equal(off.code, 0);
  assert.deepEqual(cacheFiles(home), []);
});

test('writing a cache removes other builds\' caches unused for two weeks and leftover temp files, nothing else', () => {
  const home = tempWorkspace('mlops-cache-');
  const ws = tempWorkspace();
  fs.mkdirSync(cacheDir(home), { recursive: true });
  const old = (Date.now() - 30 * 24 * 3600 * 1000) / 1000;
  const put = (name: string, aged: boolean) => {
    fs.writeFileSync(path.join(cacheDir(home), name), 'x');
    if (aged) fs.utimesSync(path.join(cacheDir(home), name), old, old);
  };
  put(`cli-${'a'.repeat(32)}-doctor.bin`, true);
  put(`cli-${'b'.repeat(32)}-doctor.bin`, false);
  put(`cli-${'c'.repeat(32)}-doctor.bin.123.tmp`, true);
  const r = mlops(['--version'], ws, { XDG_CACHE_HOME: home });
  assert.equal(r.code, 0);
  const left = cacheFiles(home);
  assert.deepEqual(left.filter((f) => !/^cli-(a+|b+|c+)-/.test(f)).map((f) => f.replace(/^cli-[0-9a-f]{32}-/, '')), ['other.bin']);
  assert.deepEqual(left.filter((f) => /^cli-(a+|b+|c+)-/.test(f)), [`cli-${'b'.repeat(32)}-doctor.bin`]);
});
