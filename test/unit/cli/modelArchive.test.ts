// The built CLI end to end: `mlops run` registers through mlops.json's `registers`, `mlops model
// export` writes the archive, `mlops model import` brings it into a second workspace.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

function workspace(config: unknown): string {
  const root = tempWorkspace('mlops-cli-archive-');
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(config, null, 2));
  return root;
}

test('mlops run registers, mlops model export and import carry the version to another workspace', () => {
  const src = workspace({
    datasets: { train: 'train.csv' },
    runs: {
      train: {
        command: `python3 -c "import mlops_workbench as mw; mw.log_metric('auc', 0.83); open('model.bin', 'w').write('trained weights')"`,
        inputs: ['train'],
        outputs: ['model.bin'],
        registers: { model: 'churn' },
      },
    },
  });
  fs.writeFileSync(path.join(src, 'train.csv'), 'age,plan\n34,pro\n51,free\n');
  const run = mlops(['run', 'train'], src);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr + run.stdout, /\[mlops\] registered churn@1 from model\.bin/);
  const [shown] = JSON.parse(mlops(['model', 'versions', 'churn', '--json'], src).stdout) as { version: number; runId: string }[];
  assert.equal(shown.version, 1);

  const archive = path.join(tempWorkspace('mlops-cli-tar-'), 'churn.tar');
  const exported = mlops(['model', 'export', 'churn@latest', '--to', archive], src);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, /^Exported churn@1 to .*churn\.tar: 1 object\(s\) of 15 bytes, run \S+; data: train@1 \(manifest only\), \d+ audit entries, the model card\.\nThe data itself is not in the archive: add --with-data to include it\.\n$/);

  const dst = workspace({});
  const imported = mlops(['model', 'import', archive], dst);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, new RegExp(`^Imported churn@1 of ${path.basename(src)} as churn@1 \\(every object checked against its SHA-256\\)\\.\\nIts run ${shown.runId} is recorded here`));
  assert.match(imported.stdout, /Dataset version train@1: only its manifest came along/);

  const out = path.join(dst, 'downloaded.bin');
  assert.equal(mlops(['model', 'download', 'churn@1', '--to', out], dst).code, 0);
  assert.equal(fs.readFileSync(out, 'utf8'), 'trained weights');
  const lineage = JSON.parse(mlops(['lineage', 'churn@1', '--json'], dst).stdout) as { nodes: { kind: string; ref: string | null }[] };
  assert.ok(lineage.nodes.some((n) => n.kind === 'run' && n.ref === shown.runId));

  const again = mlops(['model', 'import', archive, '--json'], dst);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already here as churn@1/);

  // --with-data: the second workspace records train@1 too.
  const withData = path.join(path.dirname(archive), 'with-data.tar');
  const s = JSON.parse(mlops(['model', 'export', 'churn@1', '--to', withData, '--with-data', '--json'], src).stdout) as { datasets: unknown };
  assert.deepEqual(s.datasets, [{ ref: 'train@1', dataIncluded: true }]);
  const third = workspace({});
  const r = JSON.parse(mlops(['model', 'import', withData, '--json'], third).stdout) as { datasets: unknown; version: number };
  assert.deepEqual([r.version, r.datasets], [1, [{ ref: 'train@1', recorded: 'train@1' }]]);
});

test('a damaged archive exits 2 naming the problem; bad arguments exit 2', () => {
  const root = workspace({});
  const bad = path.join(root, 'bad.tar');
  fs.writeFileSync(bad, 'not a tar at all, just some text that is long enough to look like a header '.repeat(10));
  const r = mlops(['model', 'import', bad], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^mlops model: .*bad\.tar is not a complete model archive .*nothing was imported\.\n$/);
  assert.equal(mlops(['model', 'list', '--json'], root).stdout.trim(), '[]');
  const noTo = mlops(['model', 'export', 'churn@1'], root);
  assert.equal(noTo.code, 2);
  assert.match(noTo.stderr, /--to FILE\.tar/);
  const unknown = mlops(['model', 'export', 'churn@1', '--to', path.join(root, 'x.tar')], root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /No model "churn" is registered/);
  assert.ok(!fs.existsSync(path.join(root, 'x.tar')));
});
