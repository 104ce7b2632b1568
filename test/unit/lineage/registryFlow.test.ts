// Lineage and the card over versions made the real way: registerModel from two runs, a protected
// alias moved through the gate with setAlias, then the first run deleted.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { MlopsConfig } from '../../../src/core/config/types';
import { lineageOf } from '../../../src/core/lineage/lineage';
import { setAlias } from '../../../src/core/registry/aliases';
import { modelCardMarkdown } from '../../../src/core/registry/modelCard';
import { registerModel } from '../../../src/core/registry/registerModel';
import { deleteRun } from '../../../src/core/tracking/deleteRun';
import { insertMetrics } from '../../../src/core/tracking/metricRecords';
import { lineageFixture, R1, R2 } from './fixture';

test('versions registered from runs, an alias moved through the gate, a run deleted: lineage and the card follow', async () => {
  const f = await lineageFixture();
  const { store, root } = f;
  // Start from a registry without the fixture's hand-written version.
  store.db.prepare('DELETE FROM model_aliases').run();
  store.db.prepare('DELETE FROM model_versions').run();
  store.db.prepare('DELETE FROM models').run();
  const config: MlopsConfig = {
    ...f.config,
    models: { churn: { metric: 'auc', description: 'Churn: who leaves "next" month?', protect: ['champion'], gate: { auc: { threshold: 0.7 } }, evaluationData: ['train'] } },
  };
  insertMetrics(store, R1, [{ key: 'auc', step: 0, value: 0.81, timestamp: 1 }]);
  insertMetrics(store, R2, [{ key: 'auc', step: 0, value: 0.86, timestamp: 2 }]);
  fs.writeFileSync(path.join(root, 'model.pkl'), 'weights');
  const v1 = await registerModel(store, config, { model: 'churn', runId: R1, artifact: 'model.pkl', actor: 'Ada <ada@example.com>', tags: { license: 'mit' } });
  const v2 = await registerModel(store, config, { model: 'churn', runId: R2, artifact: 'model.pkl', actor: 'Ada <ada@example.com>' });
  setAlias(store, config, { model: 'churn', alias: 'champion', version: 1, reason: 'first release' });
  setAlias(store, config, { model: 'churn', alias: 'champion', version: 2, reason: 'better auc', allowDifferentData: true });

  // train@2 -> r2 -> churn@2 (now champion and latest); train@1 -> r1 -> churn@1.
  const down = lineageOf(store, config, 'train@2', { direction: 'down' });
  assert.ok(down.edges.some((e) => e.from === 'model-version:churn@2' && e.to === `run:${R2}`));
  assert.equal(down.nodes.find((n) => n.id === 'model-version:churn@2')!.label, 'churn@2 (champion, latest)');
  const up = lineageOf(store, config, 'churn@1', { direction: 'up' });
  assert.ok(up.edges.some((e) => e.from === `run:${R1}` && e.to === 'dataset-version:train:data/train.csv@1'));

  // The card of churn@2: its gate (recorded by the alias move), the alias history, the signature registerModel inferred.
  const card = modelCardMarkdown(store, config, 'churn@champion');
  assert.match(card, /^# Model card: churn@2$/m);
  assert.match(card, /\| [^|]+ \| champion = churn@1 \| passed \(different evaluation data allowed\) \| auc 0\.86 vs 0\.81 passed \|/);
  assert.match(card, /\| champion \| \(none\) -> 1 \| [^|]+ \| first release \| passed \|/);
  assert.match(card, /\| champion \| 1 -> 2 \| [^|]+ \| better auc \| passed \|/);
  // train@2 was never profiled, train@1 was: only churn@1 has a signature.
  assert.equal(v2.signature, null);
  assert.match(card, /### Input format\n\nNot recorded/);
  assert.equal(v1.signature?.source.version, 1);
  assert.match(modelCardMarkdown(store, config, 'churn@1'), /^\| a \| [a-z]+ \| (yes|no) \|$/m);
  const meta = parse(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]) as { mlops: { description: string }; 'model-index': { results: { dataset: { name: string } }[] }[] };
  assert.equal(meta.mlops.description, 'Churn: who leaves "next" month?');
  assert.equal(meta['model-index'][0].results[0].dataset.name, 'train@2');

  // Deleting r1 leaves churn@1's run known by the id its registration's audit entry recorded.
  deleteRun(store, root, R1);
  const after = lineageOf(store, config, 'churn@1');
  assert.deepEqual(after.edges, [{ from: 'model-version:churn@1', to: `run:${R1}`, relation: 'registered-from' }]);
  const run = after.nodes.find((n) => n.id === `run:${R1}`)!;
  assert.equal(run.label, `run ${R1} (deleted)`);
  assert.deepEqual(run.details, { id: R1, deleted: true });
  assert.match(modelCardMarkdown(store, config, 'churn@1'), new RegExp(`\\*\\*References:\\*\\* run ${R1} \\(deleted since\\)`));
  store.close();
});
