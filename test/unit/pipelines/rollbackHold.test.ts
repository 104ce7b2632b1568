// The outs a running stage saved for its rollback are held from gc while it runs (stage_rollbacks),
// and let go when it ends.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { collectGarbage } from '../../../src/core/data/collectGarbage';
import { hasObject } from '../../../src/core/data/objectCache';
import { heldRollback } from '../../../src/core/pipelines/rollbackRecords';
import { sha } from '../data/helpers';
import { outcomes, reproWorkspace, stagesConfig } from './reproFixture';

const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setTimeout(r, 20));
};

const heldCount = (ws: ReturnType<typeof reproWorkspace>) => Number(ws.store.db.prepare('SELECT count(*) AS n FROM stage_rollbacks').get<{ n: number }>()!.n);

test('outs edited by hand and saved for a rollback survive gc with no grace while the stage runs; after it they are collectable', async () => {
  // train holds after writing model.txt; plots/ is an out too (a folder: its manifest holds its files).
  const config = stagesConfig({ train: { out: 'model.txt', args: '--hold' } }) as { pipelines: { p: { stages: { train: { outs: string[] } } } } };
  config.pipelines.p.stages.train.outs.push('plots');
  const ws = reproWorkspace(config);
  ws.write('model.txt', 'edited by hand');
  fs.mkdirSync(path.join(ws.root, 'plots'));
  ws.write('plots/a.txt', 'a plot edited by hand');
  const { handle } = ws.start();
  await until(() => ws.read('stamps/train.holding') !== undefined);

  const held = heldRollback(ws.store, handle.pipelineRunId, 'train');
  assert.ok(held);
  assert.deepEqual(held.saved.map((o) => [o.path, o.kind]), [['model.txt', 'file'], ['plots', 'dir']]);
  assert.equal(held.saved[0].hash, sha('edited by hand'));
  const kept = [sha('edited by hand'), held.saved[1].hash, sha('a plot edited by hand')];
  const during = collectGarbage(ws.store, ws.root, { graceMs: 0 });
  assert.deepEqual(during.objects, []);
  for (const h of kept) assert.ok(hasObject(ws.root, h), h);

  handle.cancel();
  const r = await handle.done;
  assert.equal(outcomes(r).train, 'killed');
  assert.equal(ws.read('model.txt'), 'edited by hand', 'the rollback found its copy');
  assert.equal(ws.read('plots/a.txt'), 'a plot edited by hand');
  assert.equal(heldRollback(ws.store, handle.pipelineRunId, 'train'), undefined, 'released when the stage ended');

  // Nothing else refers to them (no run of train succeeded): gc takes them now.
  const after = collectGarbage(ws.store, ws.root, { graceMs: 0, force: true });
  for (const h of kept) {
    assert.ok(after.objects.some((o) => o.hash === h), h);
    assert.ok(!hasObject(ws.root, h), h);
  }
});

test('a stage that succeeds or fails lets go of its saved outs', async () => {
  const ws = reproWorkspace(stagesConfig({ prepare: { out: 'clean.txt' }, train: { out: 'model.txt', ins: ['clean.txt'], args: '--fail' } }));
  ws.write('clean.txt', 'old');
  ws.write('model.txt', 'old model');
  const r = await ws.repro();
  assert.deepEqual(outcomes(r), { prepare: 'ran', train: 'failed' });
  assert.equal(ws.read('model.txt'), 'old model');
  assert.equal(heldCount(ws), 0);
});
