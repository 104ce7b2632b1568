// Downloading a version's artifact: a file or a folder, checked by hash, never over an existing path.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CorruptObjectError } from '../../../src/core/data/objectQuarantine';
import { sha256Bytes } from '../../../src/core/data/hashFile';
import { objectPath } from '../../../src/core/data/objectCache';
import { downloadModelVersion } from '../../../src/core/registry/downloadModelVersion';
import { registerModel } from '../../../src/core/registry/registerModel';
import { RegistryError } from '../../../src/core/registry/types';
import { tempWorkspace } from '../tempWorkspace';
import { finishedRun, registryWorkspace, writeFiles } from './registryFixture';

test('a file artifact: to a new path, or into an empty folder under its own name; an existing path is refused', async () => {
  const f = registryWorkspace();
  const runId = await finishedRun(f);
  await registerModel(f.store, f.config, { model: 'churn', runId });
  const out = tempWorkspace('mlops-download-');
  const file = await downloadModelVersion(f.store, 'churn@1', path.join(out, 'deep/m.pkl'));
  assert.equal(file, path.join(out, 'deep/m.pkl'));
  assert.equal(fs.readFileSync(file, 'utf8'), `weights of ${runId}`);
  fs.writeFileSync(file, 'edited', { flag: 'w' }); // writable, not a link into the cache
  fs.mkdirSync(path.join(out, 'empty'));
  const inside = await downloadModelVersion(f.store, 'churn', path.join(out, 'empty'));
  assert.equal(inside, path.join(out, 'empty', 'model.pkl'));
  assert.equal(fs.readFileSync(inside, 'utf8'), `weights of ${runId}`, 'the cache kept its bytes after the first copy was edited');
  await assert.rejects(downloadModelVersion(f.store, 'churn@1', file), (e: unknown) => e instanceof RegistryError && /already exists/.test(e.message));
  assert.equal(fs.readFileSync(file, 'utf8'), 'edited', 'not overwritten');
  await assert.rejects(downloadModelVersion(f.store, 'churn@1', path.join(out, 'empty')), /already exists/, 'no longer empty');
  f.store.close();
});

test('a folder artifact is rebuilt file by file; a corrupted object stops it with nothing left at --to', async () => {
  const f = registryWorkspace();
  const runId = await finishedRun(f);
  writeFiles(f.root, { 'export/model.json': '{"w": 1}', 'export/sub/vocab.txt': 'a\nb\n' });
  await registerModel(f.store, f.config, { model: 'churn', runId, artifact: 'export' });
  const out = tempWorkspace('mlops-download-');
  const dir = await downloadModelVersion(f.store, 'churn@1', path.join(out, 'model'));
  assert.equal(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'), '{"w": 1}');
  assert.equal(fs.readFileSync(path.join(dir, 'sub/vocab.txt'), 'utf8'), 'a\nb\n');
  fs.mkdirSync(path.join(out, 'empty'));
  await downloadModelVersion(f.store, 'churn@1', path.join(out, 'empty'));
  assert.deepEqual(fs.readdirSync(path.join(out, 'empty')).sort(), ['model.json', 'sub']);

  // Corrupt one file's object in the cache: the download is refused and leaves nothing behind.
  const obj = objectPath(f.root, sha256Bytes('a\nb\n'));
  fs.chmodSync(obj, 0o644);
  fs.writeFileSync(obj, 'tampered');
  await assert.rejects(downloadModelVersion(f.store, 'churn@1', path.join(out, 'again')), CorruptObjectError);
  assert.deepEqual(fs.readdirSync(out).sort(), ['empty', 'model']);
  f.store.close();
});
