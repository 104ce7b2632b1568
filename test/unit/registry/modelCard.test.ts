// The model card on a real store: compared with a golden file, and its front matter parsed back with
// a YAML parser. Regenerate the golden file after an intended change of the card with
//   UPDATE_GOLDEN=1 node --import tsx --test test/unit/registry/modelCard.test.ts
// and read the diff before committing it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { MlopsConfig } from '../../../src/core/config/types';
import { recordGate } from '../../../src/core/registry/gateRecords';
import { modelCardMarkdown } from '../../../src/core/registry/modelCard';
import { RegistryError, type ModelSignature } from '../../../src/core/registry/types';
import { deleteRun } from '../../../src/core/tracking/deleteRun';
import { lineageFixture, R1 } from '../lineage/fixture';

const golden = path.join(__dirname, 'fixtures', 'churn-card.md');

/** The lineage fixture (churn@1 from r1, train@1 validated and profiled, monitors) plus what a card shows: tags, a signature, a gate, alias moves, considerations. */
async function cardFixture() {
  const f = await lineageFixture();
  const { store } = f;
  const config: MlopsConfig = {
    ...f.config,
    models: {
      churn: {
        metric: 'auc',
        direction: 'maximize',
        description: 'Predicts which customers leave next month.',
        evaluationData: ['train'],
        considerations: {
          users: 'The retention team.',
          useCases: 'Ranking customers for a call | not for pricing.',
          limitations: 'Trained on one region.\nNot checked on new products.',
        },
      },
    },
  };
  // Fixed times, so the golden file does not depend on the clock.
  const at = (hour: number) => Date.UTC(2026, 11, 1, hour);
  store.db.prepare('UPDATE validations SET validated_at = ?').run(at(9));
  store.db.prepare('UPDATE model_versions SET created_at = ?').run(at(11));
  store.db.prepare('UPDATE drift_checks SET checked_at = ?').run(at(15));
  const v1 = store.db.prepare("SELECT id FROM model_versions WHERE model = 'churn' AND version = 1").get<{ id: number }>()!.id;
  const signature: ModelSignature = {
    source: { dataset: 'train', version: 1, item: 'data/train.csv' },
    inputs: [
      { name: 'a', type: 'integer', nullable: false },
      { name: 'b', type: 'string', nullable: true },
    ],
  };
  store.db.prepare('UPDATE model_versions SET signature_json = ?, metrics_json = ? WHERE id = ?').run(JSON.stringify(signature), '{"auc":0.91,"loss":null,"val/f1":0.8}', v1);
  const tag = store.db.prepare('INSERT INTO model_version_tags (version_id, key, value) VALUES (?, ?, ?)');
  tag.run(v1, 'license', 'apache-2.0');
  tag.run(v1, 'team', 'growth');
  const gate = recordGate(store, {
    model: 'churn',
    candidate: 'churn@1',
    candidateRunId: R1,
    against: { alias: 'champion', version: null, runId: null },
    evaluationData: [{ dataset: 'train', candidate: 1, baseline: null, same: false }],
    allowedDifferentData: false,
    metrics: [{ metric: 'auc', direction: 'maximize', candidate: 0.91, baseline: null, threshold: 0.8, passed: true, reasons: [] }],
    passed: true,
    at: at(10),
    actor: 'Ada <ada@example.com>',
  });
  const event = store.db.prepare('INSERT INTO alias_events (model, alias, old_version, new_version, actor, at, reason, forced, gate_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  event.run('churn', 'champion', null, 1, 'Ada <ada@example.com>', at(12), 'first release | approved in review', 0, gate.id!);
  event.run('churn', 'staging', null, 1, 'Bob <bob@example.com>', at(13), 'try it', 0, null);
  event.run('churn', 'staging', 1, null, 'Bob <bob@example.com>', at(14), 'done', 0, null);
  return { ...f, config };
}

function frontMatter(card: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(card);
  assert.ok(m, 'the card starts with front matter');
  return parse(m[1]) as Record<string, unknown>;
}

test('the card of churn@champion matches the golden file, and the same store gives the same card', async () => {
  const f = await cardFixture();
  const card = modelCardMarkdown(f.store, f.config, 'churn@champion');
  assert.equal(modelCardMarkdown(f.store, f.config, 'churn@1'), card);
  if (process.env.UPDATE_GOLDEN) {
    fs.mkdirSync(path.dirname(golden), { recursive: true });
    fs.writeFileSync(golden, card);
  }
  assert.equal(card, fs.readFileSync(golden, 'utf8'));
  f.store.close();
});

test("front matter: Hugging Face's metadata (license, tags, datasets, metrics, model-index) parsed back with a YAML parser", async () => {
  const f = await cardFixture();
  const meta = frontMatter(modelCardMarkdown(f.store, f.config, 'churn@1'));
  assert.equal(meta.license, 'apache-2.0');
  assert.deepEqual(meta.tags, ['mlops-workbench', 'team:growth']);
  assert.deepEqual(meta.datasets, ['train']);
  assert.deepEqual(meta.metrics, ['auc', 'val/f1'], 'a NaN metric has no value to list');
  assert.deepEqual(meta['model-index'], [
    {
      name: 'churn@1',
      results: [
        {
          task: { type: 'other' },
          dataset: { type: 'train', name: 'train@1', revision: f.train1.hash },
          metrics: [
            { type: 'auc', value: 0.91, name: 'auc' },
            { type: 'val/f1', value: 0.8, name: 'val/f1' },
          ],
        },
      ],
    },
  ]);
  f.store.close();
});

test('front matter: quotes, colons, newlines, # and leading dashes in descriptions and tags come back unchanged', async () => {
  const f = await cardFixture();
  const tricky = 'He said "yes": ok\n- not a list\n# not a comment\n  indented: {x: [1]} & *ref \\ \u2028 end \u0085 \u007f';
  f.store.db.prepare("UPDATE model_versions SET description = ? WHERE model = 'churn'").run(tricky);
  const v1 = f.store.db.prepare("SELECT id FROM model_versions WHERE model = 'churn'").get<{ id: number }>()!.id;
  f.store.db.prepare("INSERT INTO model_version_tags (version_id, key, value) VALUES (?, 'note', ?)").run(v1, 'a: "b"\nc');
  f.store.db.prepare("UPDATE model_version_tags SET value = ? WHERE key = 'license'").run('other: see "LICENSE"');
  const card = modelCardMarkdown(f.store, f.config, 'churn@1');
  const meta = frontMatter(card);
  assert.equal((meta.mlops as { description: string }).description, tricky);
  assert.equal(meta.license, 'other: see "LICENSE"');
  assert.deepEqual(meta.tags, ['mlops-workbench', 'note:a: "b"\nc', 'team:growth']);
  // The body keeps a table cell in its cell: the pipe escaped, a line break a <br>.
  f.store.db.prepare("UPDATE alias_events SET reason = 'two\nlines' WHERE alias = 'staging' AND new_version IS NULL").run();
  assert.match(modelCardMarkdown(f.store, f.config, 'churn@1'), /\| staging \| 1 -> \(removed\) \| Bob <bob@example\.com> \| two<br>lines \| none \|/);
  assert.match(card, /\| [^\n]* \| champion \| \(none\) -> 1 \| Ada <ada@example\.com> \| first release \\\| approved in review \| passed \|/);
  f.store.close();
});

test('a version whose run was deleted: the card says so and keeps the copied facts', async () => {
  const f = await cardFixture();
  deleteRun(f.store, f.root, R1);
  const card = modelCardMarkdown(f.store, f.config, 'churn@1');
  assert.match(card, /\*\*References:\*\* the source run \(deleted since\)/);
  assert.match(card, /The source run read no versioned dataset\./);
  assert.match(card, /\| auc \(ranks versions, maximize\) \| 0\.91 \|/);
  assert.equal(frontMatter(card)['model-index'], undefined, 'no dataset version: no model-index result to state');
  f.store.close();
});

test('a model mlops.json does not declare still gets a card, saying which keys would fill it', async () => {
  const f = await cardFixture();
  const card = modelCardMarkdown(f.store, { ...f.config, models: {} }, 'churn@1');
  assert.match(card, /### Users\n\nNot stated \(mlops\.json: models\.churn\.considerations\.users\)\./);
  assert.match(card, /^\| auc \| 0\.91 \|$/m, 'no ranking metric to mark');
  assert.match(card, /model-index names `train@1` as the evaluation data \(the first dataset version the run read\)/);
  f.store.close();
});

test('an unknown model, version or alias is a RegistryError naming it', async () => {
  const f = await cardFixture();
  assert.throws(() => modelCardMarkdown(f.store, f.config, 'churn@4'), (e: unknown) => e instanceof RegistryError && /churn@4 does not exist/.test(e.message));
  assert.throws(() => modelCardMarkdown(f.store, f.config, 'churn@prod'), (e: unknown) => e instanceof RegistryError && /no alias "prod"/.test(e.message));
  assert.throws(() => modelCardMarkdown(f.store, f.config, 'nope@1'), (e: unknown) => e instanceof RegistryError && /No model "nope"/.test(e.message));
  f.store.close();
});
