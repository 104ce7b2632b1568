// `mlops du` as a user runs it: the built CLI over a workspace whose datasets share bytes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { DiskUsage } from '../../../src/core/cost/diskUsage';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

function workspace(config: object) {
  const root = tempWorkspace();
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(config));
  return root;
}

function twoDatasets(cost?: object) {
  const root = workspace({ datasets: { big: 'big.csv', copy: 'copy.csv' }, ...(cost ? { cost } : {}) });
  fs.writeFileSync(path.join(root, 'big.csv'), 'b'.repeat(5000));
  fs.writeFileSync(path.join(root, 'copy.csv'), 'b'.repeat(5000)); // the same bytes: stored once
  const version = (...names: string[]) => {
    const r = mlops(['data', 'version', ...names], root);
    assert.equal(r.code, 0, r.stderr);
  };
  version('big', 'copy');
  fs.writeFileSync(path.join(root, 'big.csv'), 'c'.repeat(3000));
  version('big');
  return root;
}

test('mlops du: a table by bytes, what is on disk, what dedup saved, nothing reclaimable', () => {
  const root = twoDatasets();
  const r = mlops(['du'], root);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0], /^WHAT\s+NAME\s+SIZE\s+ONLY ITS OWN\s+OBJECTS$/);
  assert.match(lines[1], /^dataset\s+big\s+7\.8 KB\s+2\.9 KB\s+2$/);
  assert.match(lines[2], /^dataset\s+copy\s+4\.9 KB\s+0 B\s+1$/);
  assert.match(r.stdout, /on disk\s+7\.8 KB in 2 objects\n/);
  assert.match(r.stdout, /dedup saved\s+4\.9 KB/);
  assert.match(r.stdout, /reclaimable\s+0 B in 0 objects nothing refers to\n/);
  assert.doesNotMatch(r.stdout, /month/);
});

test('mlops du --json with a storage price: exact bytes and monthly costs', () => {
  const root = twoDatasets({ storageGbMonth: 1000, currency: 'EUR' });
  const r = mlops(['du', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const du = JSON.parse(r.stdout) as DiskUsage;
  assert.deepEqual(du.onDisk, { objects: 2, bytes: 8000 });
  assert.equal(du.dedupSavedBytes, 5000);
  assert.deepEqual(du.monthlyCost, { amount: (8000 / 1e9) * 1000, currency: 'EUR' });
  assert.deepEqual(
    du.entries.map((e) => [e.name, e.bytes, e.exclusiveBytes, e.references]),
    [
      ['big', 8000, 3000, 2],
      ['copy', 5000, 0, 1],
    ],
  );
  const text = mlops(['du'], root);
  assert.match(text.stdout, /on disk\s+7\.8 KB in 2 objects, €0\.01\/month/);
  assert.match(text.stdout.split('\n')[1], /€0\.01\/month$/);
});

test('mlops du on an empty cache says so; an argument is a usage error (exit 2)', () => {
  const root = workspace({});
  const r = mlops(['du'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /object cache \(\.mlops\/objects\) is empty/);
  const bad = mlops(['du', 'big'], root);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /takes no arguments \(got "big"\)/);
});
