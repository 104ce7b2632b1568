// `mlops pipeline dag` as a user runs it: the built CLI (node esbuild.js first) in real child
// processes, over a workspace whose mlops.json declares a pipeline.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

const pipeline = {
  datasets: { raw: 'data/raw.csv' },
  pipelines: {
    train: {
      stages: {
        evaluate: { command: 'python eval.py', deps: ['models/model.pt', 'data/features.csv'], outs: ['reports/eval.json'] },
        featurize: { command: 'python feat.py', deps: ['raw'], outs: ['data/features.csv'] },
        fit: { command: 'python fit.py --lr ${params.lr}', params: { lr: 0.1 }, deps: ['data/features.csv'], outs: ['models/model.pt'] },
      },
    },
  },
};

function workspace(config: unknown): string {
  const root = tempWorkspace();
  fs.mkdirSync(path.join(root, 'data'));
  fs.writeFileSync(path.join(root, 'data/raw.csv'), 'a\n1\n');
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(config, null, 2) + '\n');
  return root;
}

test('mlops pipeline dag: the stages in run order as text, Mermaid, DOT and JSON; nothing is created', () => {
  const root = workspace(pipeline);
  const text = mlops(['pipeline', 'dag', 'train'], root);
  assert.equal(text.code, 0, text.stderr);
  assert.deepEqual(text.stdout.trimEnd().split('\n').filter((l) => /^\d+\. /.test(l)), ['1. featurize', '2. fit', '3. evaluate']);
  assert.match(text.stdout, /3\. evaluate\n {5}<- featurize: data\/features\.csv\n {5}<- fit: models\/model\.pt\n/);

  const mermaid = mlops(['pipeline', 'dag', 'train', '--format', 'mermaid'], root);
  assert.equal(mermaid.code, 0, mermaid.stderr);
  assert.match(mermaid.stdout, /^flowchart TD\n/);
  assert.equal(mermaid.stdout.match(/-->/g)?.length, 3);

  const dot = mlops(['pipeline', 'dag', 'train', '--format', 'dot'], root);
  assert.equal(dot.code, 0, dot.stderr);
  assert.match(dot.stdout, /"fit" -> "evaluate" \[label="models\/model.pt"\];/);

  const json = mlops(['pipeline', 'dag', 'train', '--json'], root);
  assert.equal(json.code, 0, json.stderr);
  const g = JSON.parse(json.stdout) as { pipeline: string; stages: { name: string; command: string; depPaths: string[] }[]; edges: unknown[] };
  assert.equal(g.pipeline, 'train');
  assert.deepEqual(g.stages.map((s) => s.name), ['featurize', 'fit', 'evaluate']);
  assert.equal(g.stages[1].command, 'python fit.py --lr 0.1');
  assert.deepEqual(g.stages[0].depPaths, ['data/raw.csv']);
  assert.equal(g.edges.length, 3);
  // Reading the graph opens no store.
  assert.ok(!fs.existsSync(path.join(root, '.mlops')));
});

test('mlops pipeline dag: exit 2 naming the problem for a bad pipeline, name or option', () => {
  const root = workspace(pipeline);
  const unknown = mlops(['pipeline', 'dag', 'nope'], root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /No pipeline "nope" in mlops.json \(pipelines: train\)/);
  const format = mlops(['pipeline', 'dag', 'train', '--format', 'png'], root);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /--format png: use text, mermaid, dot/);
  // No name: the only pipeline; two names, or none among several pipelines: exit 2 saying which.
  const only = mlops(['pipeline', 'dag'], root);
  assert.equal(only.code, 0, only.stderr);
  assert.equal(only.stdout, mlops(['pipeline', 'dag', 'train'], root).stdout);
  const two = mlops(['pipeline', 'dag', 'train', 'other'], root);
  assert.equal(two.code, 2);
  assert.match(two.stderr, /Name one pipeline/);
  const several = structuredClone(pipeline) as { pipelines: Record<string, unknown> };
  several.pipelines.other = several.pipelines.train;
  const which = mlops(['pipeline', 'dag'], workspace(several));
  assert.equal(which.code, 2);
  assert.match(which.stderr, /mlops\.json has 2 pipelines: name one \(train, other\)/);
  const sub = mlops(['pipeline', 'draw', 'train'], root);
  assert.equal(sub.code, 2);
  assert.match(sub.stderr, /Unknown "pipeline draw"/);

  // A cycle is a problem of mlops.json, at its line, as every command reports it.
  const cyclic = structuredClone(pipeline);
  cyclic.pipelines.train.stages.featurize.deps.push('reports/eval.json');
  const cycle = mlops(['pipeline', 'dag', 'train'], workspace(cyclic));
  assert.equal(cycle.code, 2);
  assert.match(cycle.stderr, /mlops\.json:\d+:\d+ \/pipelines\/train\/stages\/\w+\/deps: pipeline "train" has a cycle: evaluate -> featurize -> evaluate \(featurize reads reports\/eval.json, evaluate reads data\/features.csv\)/);
  assert.doesNotMatch(cycle.stderr, /internal error|at .*\.js:\d+/);
});

test('mlops pipeline --help lists the subcommands and their options', () => {
  const help = mlops(['pipeline', '--help'], tempWorkspace());
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /mlops pipeline dag \[NAME\] \[--format text\|mermaid\|dot\]/);
  assert.match(help.stdout, /--format F/);
  const main = mlops(['--help'], tempWorkspace());
  assert.match(main.stdout, /^ {2}pipeline +pipelines of stages declared in mlops\.json/m);
});
