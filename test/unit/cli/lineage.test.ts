// `mlops lineage` and `mlops model card` as a user runs them: the built CLI (node esbuild.js first) in
// real child processes, over the lineage fixture's store with its mlops.json written out.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { modelCardMarkdown } from '../../../src/core/registry/modelCard';
import { lineageFixture, R1, R2 } from '../lineage/fixture';
import { mlops } from './runCli';

async function workspace() {
  const f = await lineageFixture();
  const { datasets, monitors, models } = f.config;
  fs.writeFileSync(path.join(f.root, 'mlops.json'), JSON.stringify({ datasets, monitors, models }, null, 2) + '\n');
  return f;
}

test('mlops lineage: the tree up from a model version, down from a dataset version, and the graph as JSON', async () => {
  const f = await workspace();
  const up = mlops(['lineage', 'churn@champion', '--direction', 'up'], f.root);
  assert.equal(up.code, 0, up.stderr);
  const lines = up.stdout.trimEnd().split('\n');
  assert.equal(lines[0], `model version churn@1 (champion, latest), registered 1970-01-01 00:00:03 UTC by Ada <ada@example.com>`);
  assert.equal(lines[1], `  registered from run train ${R1} (finished)`);
  assert.equal(lines[2], '    params epochs=3 lr=0.1');
  assert.match(lines[3], /^ {4}code c0ffee012345 \(main, uncommitted changes\), uncommitted diff in object dddddddddddd$/);
  assert.equal(lines[4], '    environment python 3.11.4, linux, node 20.11.0');
  assert.match(lines[5], /^ {4}read train@1 \(data\/train\.csv\), sha256 [0-9a-f]{12}, validation passed, profiled$/);
  assert.equal(lines[6], '      monitored by monitor bare: not checked yet; reference train, not pinned yet');
  assert.equal(lines[7], '      monitored by monitor drift: last check drift at 1970-01-01 00:00:04 UTC (batch incoming:data/incoming.csv@1); reference train:data/train.csv@1');
  assert.equal(lines.length, 8);

  const down = mlops(['lineage', 'train@1', '--direction', 'down'], f.root);
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, new RegExp(`^ {2}read by run train ${R1} \\(finished\\)\\n {4}registered as churn@1 \\(champion, latest\\)`, 'm'));
  assert.doesNotMatch(down.stdout, new RegExp(R2));

  const json = mlops(['lineage', R2.slice(0, 8), '--json'], f.root);
  assert.equal(json.code, 0, json.stderr);
  const graph = JSON.parse(json.stdout) as { root: string; direction: string; nodes: { id: string; details: Record<string, unknown> }[]; edges: unknown[] };
  assert.equal(graph.root, `run:${R2}`);
  assert.equal(graph.direction, 'both');
  assert.equal(graph.nodes.find((n) => n.id === graph.root)!.details.createdAt, '1970-01-01T00:00:02.000Z', 'times in ISO 8601, like every other JSON');
  assert.ok(graph.nodes.some((n) => n.id === 'dataset-version:train:data/train.csv@2'));

  const nothing = mlops(['lineage', R2, '--direction', 'down'], f.root);
  assert.equal(nothing.stdout.trimEnd(), `run train ${R2} (finished)\n  (nothing downstream in the store)`);
  f.store.close();
});

test('mlops lineage: bad references and options exit 2 with the reason', async () => {
  const f = await workspace();
  const unknown = mlops(['lineage', 'nope@1'], f.root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^mlops lineage: "nope@1": no model or dataset is named nope \(models: churn; datasets: incoming, train\)/);
  const version = mlops(['lineage', 'churn@5'], f.root);
  assert.equal(version.code, 2);
  assert.match(version.stderr, /churn@5 does not exist/);
  const direction = mlops(['lineage', 'churn@1', '--direction', 'sideways'], f.root);
  assert.equal(direction.code, 2);
  assert.match(direction.stderr, /--direction sideways: use up, down or both/);
  assert.equal(mlops(['lineage'], f.root).code, 2);
  f.store.close();
});

test('mlops model card: stdout, --out written whole, and an unknown version exits 2 writing nothing', async () => {
  const f = await workspace();
  const expected = modelCardMarkdown(f.store, f.config, 'churn@1');
  const shown = mlops(['model', 'card', 'churn@champion'], f.root);
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(shown.stdout, expected);
  fs.mkdirSync(path.join(f.root, 'docs'));
  const written = mlops(['model', 'card', 'churn@1', '--out', 'docs/card.md'], f.root);
  assert.equal(written.code, 0, written.stderr);
  assert.equal(written.stdout, '');
  assert.equal(fs.readFileSync(path.join(f.root, 'docs', 'card.md'), 'utf8'), expected);
  assert.deepEqual(fs.readdirSync(path.join(f.root, 'docs')), ['card.md'], 'no temp file left beside it');
  const bad = mlops(['model', 'card', 'churn@9', '--out', 'docs/other.md'], f.root);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /churn@9 does not exist/);
  assert.ok(!fs.existsSync(path.join(f.root, 'docs', 'other.md')));
  const folder = mlops(['model', 'card', 'churn@1', '--out', 'docs'], f.root);
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /--out docs is a folder/);
  f.store.close();
});
