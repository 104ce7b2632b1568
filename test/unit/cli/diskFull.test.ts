// The CLI on a real full disk: a command that cannot write says "disk full" with what to do and
// exits 74 (no stack, no "no such savepoint"), leaves no temp file in the object cache and a store
// that passes its integrity check; once space is free the same command works.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { mountSmallDisk } from '../smallDisk';
import { mlops } from './runCli';

test('mlops data add on a full disk: "disk full", exit 74, nothing half-written; it works once space is free', (t) => {
  const disk = mountSmallDisk(8);
  if (typeof disk === 'string') return t.skip(disk);
  const root = disk.dir;
  try {
    fs.writeFileSync(path.join(root, 'mlops.json'), '{}\n');
    fs.mkdirSync(path.join(root, 'data'));
    fs.writeFileSync(path.join(root, 'data', 'small.csv'), 'a,b\n1,2\n');
    assert.equal(mlops(['data', 'add', 'data/small.csv'], root).code, 0);
    fs.writeFileSync(path.join(root, 'data', 'big.csv'), 'x,y\n' + '123456,654321\n'.repeat(100_000));
    const filler = disk.fill();

    const full = mlops(['data', 'add', 'data/big.csv'], root);
    assert.equal(full.code, 74, full.stderr);
    assert.match(full.stderr, /^mlops data: disk full: no space left on the disk that holds .*; nothing was half-written\.\nFree some space/);
    assert.doesNotMatch(full.stderr, /savepoint|internal error|\n\s+at /);
    assert.deepEqual(fs.readdirSync(path.join(root, '.mlops', 'objects', 'tmp')), [], 'no temp file left in the object cache');

    fs.rmSync(filler);
    const store = Store.open(root);
    try {
      assert.equal(store.db.prepare('PRAGMA integrity_check').get<{ integrity_check: string }>()?.integrity_check, 'ok');
    } finally {
      store.close();
    }
    const again = mlops(['data', 'add', 'data/big.csv'], root);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(mlops(['data', 'verify'], root).code, 0);
  } finally {
    disk.unmount();
  }
});
