// `mlops data` as a user runs it: the built CLI in real child processes, on real files.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { putBytes } from '../../../src/core/data/objectCache';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

function workspace(configText: string) {
  const root = fs.realpathSync(tempWorkspace());
  fs.writeFileSync(path.join(root, 'mlops.json'), configText);
  return root;
}

test('data add declares the dataset keeping the file\'s formatting, and versions it; status, versions, checkout', () => {
  // The user's layout (tabs, a compact run) survives; only the new lines are added.
  const root = workspace('{\n\t"runs": {"train": {"command": "python3 train.py"}},\n\t"models": {}\n}\n');
  fs.mkdirSync(path.join(root, 'data'));
  fs.writeFileSync(path.join(root, 'data/train.csv'), 'a\n1\n');
  const add = mlops(['data', 'add', 'data/train.csv'], root);
  assert.equal(add.code, 0, add.stderr);
  assert.equal(fs.readFileSync(path.join(root, 'mlops.json'), 'utf8'), '{\n\t"runs": {"train": {"command": "python3 train.py"}},\n\t"models": {},\n\t"datasets": {\n\t\t"train": "data/train.csv"\n\t}\n}\n');
  assert.match(add.stdout, /train\s+data\/train\.csv\s+1\s+new version/);
  assert.deepEqual(JSON.parse(mlops(['data', 'status', '--json'], root).stdout).map((s: { state: string; latestVersion: number }) => [s.state, s.latestVersion]), [['clean', 1]]);
  fs.writeFileSync(path.join(root, 'data/train.csv'), 'a\n2\n');
  assert.equal(JSON.parse(mlops(['data', 'status', '--json'], root).stdout)[0].state, 'modified');
  assert.equal(mlops(['data', 'version', 'train', '--note', 'second'], root).code, 0);
  const versions = JSON.parse(mlops(['data', 'versions', 'train', '--json'], root).stdout);
  assert.deepEqual(
    versions.map((v: Record<string, unknown>) => [v.version, v.path, v.hash, v.size, v.source, typeof v.createdAt]),
    [
      [2, 'data/train.csv', sha('a\n2\n'), 4, 'cli', 'string'],
      [1, 'data/train.csv', sha('a\n1\n'), 4, 'cli', 'string'],
    ],
  );
  const co = mlops(['data', 'checkout', 'train@1'], root);
  assert.equal(co.code, 0, co.stderr);
  assert.equal(fs.readFileSync(path.join(root, 'data/train.csv'), 'utf8'), 'a\n1\n');
  assert.equal(mlops(['data', 'checkout', `train@${sha('a\n2\n').slice(0, 6)}`], root).code, 0);
  assert.equal(fs.readFileSync(path.join(root, 'data/train.csv'), 'utf8'), 'a\n2\n');
  const bad = mlops(['data', 'checkout', 'train@9'], root);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /train has no version 9 \(versions 1 to 4\)/);
  const unknown = mlops(['data', 'versions', 'nope'], root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /No dataset "nope" in mlops\.json \(declared: train\)/);
});

test('data checkout NAME:ITEM@N and --path for glob items; a path outside the workspace exits 2 naming it', () => {
  const root = workspace(JSON.stringify({ datasets: { incoming: 'incoming/*.csv' } }));
  fs.mkdirSync(path.join(root, 'incoming'));
  fs.writeFileSync(path.join(root, 'incoming/a.csv'), 'a1');
  fs.writeFileSync(path.join(root, 'incoming/b.csv'), 'b1');
  assert.equal(mlops(['data', 'version', 'incoming'], root).code, 0);
  fs.writeFileSync(path.join(root, 'incoming/a.csv'), 'a2');
  assert.equal(mlops(['data', 'version', 'incoming'], root).code, 0);
  assert.equal(mlops(['data', 'checkout', 'incoming:a.csv@1'], root).code, 0);
  assert.equal(fs.readFileSync(path.join(root, 'incoming/a.csv'), 'utf8'), 'a1');
  assert.equal(mlops(['data', 'checkout', 'incoming@2', '--path', 'incoming/a.csv'], root).code, 0);
  assert.equal(fs.readFileSync(path.join(root, 'incoming/a.csv'), 'utf8'), 'a2');
  // A dataset outside the workspace is a config problem: every command that reads mlops.json refuses it.
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets: { incoming: 'incoming/*.csv', out: '../x.csv' } }));
  for (const args of [['data', 'version', 'out'], ['data', 'status']]) {
    const out = mlops(args, root);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /mlops\.json:1:\d+ \/datasets\/out: Dataset "out" \(path "\.\.\/x\.csv" in mlops\.json\) resolves to .* outside the workspace/);
  }
});

test('data verify exits 1 on a corrupted object; gc --dry-run lists unreferenced objects with sizes, gc removes them', () => {
  const root = workspace(JSON.stringify({ datasets: { train: 'train.csv' } }));
  fs.writeFileSync(path.join(root, 'train.csv'), 'x\n1\n');
  assert.equal(mlops(['data', 'version'], root).code, 0);
  assert.equal(mlops(['data', 'verify'], root).code, 0);
  const orphan = putBytes(root, 'nobody needs me');
  const old = Date.now() / 1000 - 3600;
  const orphanFile = path.join(root, '.mlops/objects', orphan.hash.slice(0, 2), orphan.hash.slice(2));
  fs.utimesSync(orphanFile, old, old);
  const dry = mlops(['data', 'gc', '--dry-run'], root);
  assert.equal(dry.code, 0);
  assert.match(dry.stdout, new RegExp(`would remove\\s+${orphan.hash}\\s+15 B`));
  assert.ok(fs.existsSync(orphanFile));
  const gc = JSON.parse(mlops(['data', 'gc', '--json'], root).stdout);
  assert.deepEqual(gc.objects, [{ hash: orphan.hash, size: 15 }]);
  assert.equal(fs.existsSync(orphanFile), false);
  const kept = path.join(root, '.mlops/objects', sha('x\n1\n').slice(0, 2), sha('x\n1\n').slice(2));
  assert.ok(fs.existsSync(kept), 'a versioned object is never collected');
  fs.chmodSync(kept, 0o644);
  fs.writeFileSync(kept, 'x\n9\n');
  const verify = mlops(['data', 'verify'], root);
  assert.equal(verify.code, 1);
  assert.match(verify.stdout, new RegExp(`CORRUPTED ${sha('x\n1\n')}.*quarantine.*train:train\\.csv@1`));
});

test('a run versions its dataset input first and links to the version it read; earlier runs get linked', () => {
  const root = workspace(JSON.stringify({ datasets: { train: 'data.csv' }, runs: { fit: { command: 'python3 -c "print(1)"', inputs: ['train'] }, old: { command: 'python3 -c "print(2)"', inputs: ['data.csv'] } } }));
  fs.writeFileSync(path.join(root, 'data.csv'), 'x\n1\n');
  // A run recorded by path only (as before versioning existed)...
  const old = mlops(['run', 'old', '--json'], root);
  assert.equal(old.code, 0, old.stderr);
  const fit = mlops(['run', 'fit', '--json'], root);
  assert.equal(fit.code, 0, fit.stderr);
  const versions = JSON.parse(mlops(['data', 'versions', 'train', '--json'], root).stdout);
  assert.deepEqual(versions.map((v: { version: number; source: string }) => [v.version, v.source]), [[1, 'run-input']]);
  const Database = require('better-sqlite3');
  const db = new Database(path.join(root, '.mlops/store.db'), { readonly: true });
  const rows = db.prepare('SELECT r.name AS run, i.path, i.dataset_version_id AS v FROM run_inputs i JOIN runs r ON r.id = i.run_id ORDER BY r.created_at').all();
  db.close();
  assert.equal(rows.length, 2);
  assert.ok(rows.every((r: { v: number | null }) => r.v !== null), JSON.stringify(rows));
});
