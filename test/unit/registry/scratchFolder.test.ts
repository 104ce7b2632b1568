// Scratch folders under .mlops/tmp: one per operation; what a killed process left is removed later.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { scratchFolder } from '../../../src/core/registry/scratchFolder';
import { tempWorkspace } from '../tempWorkspace';

test('a scratch folder is new each time; one a dead process left is removed, a live one\'s and foreign names are kept', () => {
  const root = tempWorkspace();
  const a = scratchFolder(root, 'import');
  const b = scratchFolder(root, 'import');
  assert.notEqual(a, b);
  assert.ok(fs.statSync(a).isDirectory());
  assert.equal(path.dirname(a), path.join(root, '.mlops', 'tmp'));
  const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  const left = path.join(root, '.mlops', 'tmp', `export-${deadPid}-0123456789ab`);
  fs.mkdirSync(path.join(left, 'objects'), { recursive: true });
  fs.writeFileSync(path.join(left, 'objects', 'x'), 'partial');
  const foreign = path.join(root, '.mlops', 'tmp', 'notes');
  fs.mkdirSync(foreign);
  scratchFolder(root, 'deploy');
  assert.ok(!fs.existsSync(left), 'the killed export\'s folder is gone');
  assert.ok(fs.existsSync(a) && fs.existsSync(b), 'this process\'s folders stay');
  assert.ok(fs.existsSync(foreign));
});
