import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { hasObject, objectPath } from '../../../src/core/data/objectCache';
import { MissingOutError, outsMatch, restoreOuts, saveOutsForRollback, storeOuts } from '../../../src/core/pipelines/outs';
import { dataWorkspace, sha } from '../data/helpers';
import { stageSpec } from './stageFixture';

const read = (file: string) => fs.readFileSync(file, 'utf8');
/** Every file under the workspace but .mlops, with its content: "nothing changed on disk" compares these. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.name === '.mlops') continue;
      if (e.isDirectory()) walk(abs);
      else out[path.relative(root, abs)] = read(abs);
    }
  };
  walk(root);
  return out;
}

test('storeOuts stores files and folders as objects; a missing out names the stage and the out', async () => {
  const ws = dataWorkspace({});
  ws.write('model.pkl', 'weights');
  ws.write('plots/a.txt', 'A');
  ws.write('plots/b/c.txt', 'C');
  const outs = await storeOuts(ws.store, ws.root, stageSpec({ outs: ['model.pkl', 'plots'] }));
  assert.deepEqual(outs[0], { path: 'model.pkl', kind: 'file', hash: sha('weights'), size: 7 });
  assert.equal(outs[1].kind, 'dir');
  assert.equal(outs[1].size, 2);
  for (const h of [outs[0].hash, outs[1].hash, sha('A'), sha('C')]) assert.ok(hasObject(ws.root, h));

  await assert.rejects(storeOuts(ws.store, ws.root, stageSpec({ outs: ['model.pkl', 'report.html'] })), (err: Error) => {
    assert.ok(err instanceof MissingOutError);
    assert.equal(err.message, 'stage train declared out report.html but did not write it');
    return true;
  });
});

test('outsMatch says which outs were modified or are missing', async () => {
  const ws = dataWorkspace({});
  ws.write('model.pkl', 'weights');
  ws.write('plots/a.txt', 'A');
  ws.write('notes.txt', 'n');
  const outs = await storeOuts(ws.store, ws.root, stageSpec({ outs: ['model.pkl', 'plots', 'notes.txt'] }));
  assert.deepEqual(await outsMatch(ws.store, ws.root, outs), []);
  ws.write('plots/new.txt', 'new');
  fs.rmSync(ws.abs('model.pkl'));
  assert.deepEqual(await outsMatch(ws.store, ws.root, outs), [
    { path: 'model.pkl', change: 'missing' },
    { path: 'plots', change: 'modified' },
  ]);
});

test('restoreOuts puts files and whole folders back: files the cached folder lacked go', async () => {
  const ws = dataWorkspace({});
  ws.write('model.pkl', 'v1');
  ws.write('plots/a.txt', 'A1');
  ws.write('plots/sub/b.txt', 'B1');
  const v1 = await storeOuts(ws.store, ws.root, stageSpec({ outs: ['model.pkl', 'plots'] }));
  ws.write('model.pkl', 'v2');
  ws.write('plots/a.txt', 'A2');
  ws.write('plots/extra.txt', 'X');
  fs.rmSync(ws.abs('plots/sub'), { recursive: true });

  await restoreOuts(ws.store, ws.root, v1);
  assert.deepEqual(tree(ws.root), { 'mlops.json': read(ws.abs('mlops.json')), 'model.pkl': 'v1', 'plots/a.txt': 'A1', 'plots/sub/b.txt': 'B1' });
  assert.deepEqual(await outsMatch(ws.store, ws.root, v1), []);
  assert.deepEqual(fs.readdirSync(ws.root).filter((n) => n.includes('mlops-')), [], 'no temp file or folder left beside the outs');

  // Restored into a workspace where the outs do not exist at all.
  fs.rmSync(ws.abs('plots'), { recursive: true });
  fs.rmSync(ws.abs('model.pkl'));
  await restoreOuts(ws.store, ws.root, v1);
  assert.equal(read(ws.abs('plots/sub/b.txt')), 'B1');
  assert.equal(read(ws.abs('model.pkl')), 'v1');
});

test('restoreOuts is all or nothing: a missing or corrupt object leaves every out as it was', async () => {
  const ws = dataWorkspace({});
  ws.write('model.pkl', 'v1');
  ws.write('plots/a.txt', 'A1');
  ws.write('z.txt', 'Z1');
  const v1 = await storeOuts(ws.store, ws.root, stageSpec({ outs: ['model.pkl', 'plots', 'z.txt'] }));
  ws.write('model.pkl', 'v2');
  ws.write('plots/a.txt', 'A2');
  ws.write('z.txt', 'Z2');
  const before = tree(ws.root);

  // The last out's object is gone: the first two were already prepared, and must not land.
  fs.rmSync(objectPath(ws.root, sha('Z1')), { force: true });
  await assert.rejects(restoreOuts(ws.store, ws.root, v1), /Z1|z\.txt|object/i);
  assert.deepEqual(tree(ws.root), before);

  // A corrupt file inside the folder: refused before anything is replaced.
  ws.write('z.txt', 'Z1');
  await storeOuts(ws.store, ws.root, stageSpec({ outs: ['z.txt'] }));
  ws.write('z.txt', 'Z2');
  const obj = objectPath(ws.root, sha('A1'));
  fs.chmodSync(obj, 0o644);
  fs.writeFileSync(obj, 'tampered');
  await assert.rejects(restoreOuts(ws.store, ws.root, v1), /corrupt|hash/i);
  assert.deepEqual(tree(ws.root), before);
  assert.deepEqual(fs.readdirSync(ws.root).filter((n) => n.includes('mlops-')), [], 'temp files and folders were removed');
});

test('a rollback puts outs back as they were and removes only the outs the stage created', async () => {
  const ws = dataWorkspace({});
  ws.write('model.pkl', 'old model');
  ws.write('plots/a.txt', 'A');
  ws.write('keep.txt', 'not an out');
  ws.write('weights.bin', 'w');
  const stage = stageSpec({ outs: ['model.pkl', 'plots', 'report/summary.txt', 'fresh', 'weights.bin'] });
  const rollback = await saveOutsForRollback(ws.store, ws.root, stage);
  assert.deepEqual(rollback.saved.map((o) => o.path), ['model.pkl', 'plots', 'weights.bin']);
  assert.deepEqual(rollback.absent, ['report/summary.txt', 'fresh']);

  // The stage writes half its outs, then fails.
  ws.write('model.pkl', 'half written');
  ws.write('plots/b.txt', 'B');
  ws.write('report/summary.txt', 'partial');
  ws.write('fresh/part-0', 'x');
  fs.rmSync(ws.abs('weights.bin'));
  ws.write('weights.bin/shard-0', 'a folder where a file was');
  await rollback.restore();

  assert.equal(read(ws.abs('model.pkl')), 'old model');
  assert.deepEqual(fs.readdirSync(ws.abs('plots')), ['a.txt']);
  assert.ok(!fs.existsSync(ws.abs('report/summary.txt')));
  assert.ok(!fs.existsSync(ws.abs('fresh')));
  assert.equal(read(ws.abs('keep.txt')), 'not an out');
  assert.equal(read(ws.abs('weights.bin')), 'w');
});
