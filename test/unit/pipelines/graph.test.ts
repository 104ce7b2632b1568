import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyConfig, type MlopsConfig, type StageConfig } from '../../../src/core/config/types';
import { buildPipelineGraph, downstreamOf, selectStages } from '../../../src/core/pipelines/graph';
import { resolveStage } from '../../../src/core/pipelines/resolveStage';
import { PipelineError } from '../../../src/core/pipelines/types';
import { tempWorkspace } from '../tempWorkspace';

function configWith(stages: Record<string, StageConfig>, extra: Partial<MlopsConfig> = {}): MlopsConfig {
  return { ...emptyConfig(), pipelines: { train: { stages } }, ...extra };
}

/** A workspace whose mlops.json-free folder holds `files`. */
function workspace(files: string[] = []): string {
  const root = tempWorkspace();
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), 'x');
  }
  return root;
}

const names = (stages: { name: string }[]) => stages.map((s) => s.name);

test('stages come in dependency order, ties by name, whatever order mlops.json lists them in', () => {
  const config = configWith({
    train: { command: 'python train.py', deps: ['data/features.csv'], outs: ['models/model.pt'] },
    evaluate: { command: 'python eval.py', deps: ['models/model.pt', 'data/features.csv'], outs: ['reports/eval.json'] },
    featurize: { command: 'python feat.py', deps: ['data/raw.csv'], outs: ['data/features.csv'] },
    lint: { command: 'ruff .', deps: ['src'] },
    docs: { command: 'make docs', deps: ['src'] },
  });
  const g = buildPipelineGraph(workspace(['data/raw.csv', 'src/a.py']), config, 'train');
  assert.deepEqual(names(g.stages), ['docs', 'featurize', 'lint', 'train', 'evaluate']);
  assert.deepEqual(
    g.edges.map((e) => `${e.from}>${e.to}:${e.via}`).sort(),
    ['featurize>evaluate:data/features.csv', 'featurize>train:data/features.csv', 'train>evaluate:models/model.pt'],
  );
});

test('edges also join a file inside an out folder, and an out inside a dep folder', () => {
  const config = configWith({
    prepare: { command: 'p', outs: ['data/prepared/'] },
    train: { command: 't', deps: ['./data/prepared/train.csv'], outs: ['models/a.pt'] },
    report: { command: 'r', deps: ['models'] },
  });
  const g = buildPipelineGraph(workspace(), config, 'train');
  assert.deepEqual(names(g.stages), ['prepare', 'train', 'report']);
  assert.deepEqual(g.edges.map((e) => `${e.from}>${e.to}:${e.via}`).sort(), ['prepare>train:data/prepared/train.csv', 'train>report:models/a.pt']);
});

test('a dataset name as a dep stands for its path, and joins the stage that writes it', () => {
  const config = configWith(
    {
      clean: { command: 'c', deps: ['raw'], outs: ['data/clean.csv'] },
      train: { command: 't', deps: ['clean'] },
    },
    { datasets: { raw: { path: 'data/raw.csv' }, clean: { path: 'data/clean.csv' } } },
  );
  const g = buildPipelineGraph(workspace(['data/raw.csv']), config, 'train');
  const train = g.stages.find((s) => s.name === 'train')!;
  assert.deepEqual(train.deps, ['clean']);
  assert.deepEqual(train.depPaths, ['data/clean.csv']);
  assert.deepEqual(g.edges, [{ from: 'clean', to: 'train', via: 'data/clean.csv' }]);
});

test('a cycle is named stage by stage', () => {
  const config = configWith({
    a: { command: 'a', deps: ['y'], outs: ['x'] },
    b: { command: 'b', deps: ['x'], outs: ['y'] },
    c: { command: 'c', deps: ['y'], outs: ['z'] },
  });
  assert.throws(() => buildPipelineGraph(workspace(), config, 'train'), (err: Error) => {
    assert.ok(err instanceof PipelineError);
    assert.match(err.message, /cycle: (a -> b -> a|b -> a -> b) /);
    assert.match(err.message, /remove one of these deps or outs/);
    return true;
  });
});

test('an out written by two stages, an out inside .mlops or outside the workspace, and an out that is also a dep are refused', () => {
  const root = workspace();
  const refuses = (stages: Record<string, StageConfig>, message: RegExp) =>
    assert.throws(() => buildPipelineGraph(root, configWith(stages), 'train'), (err: Error) => err instanceof PipelineError && message.test(err.message));
  refuses({ a: { command: 'a', outs: ['m.pt'] }, b: { command: 'b', outs: ['./m.pt'] } }, /stages "a" and "b" of pipeline "train" both write "m.pt"/);
  refuses({ a: { command: 'a', outs: ['models'] }, b: { command: 'b', outs: ['models/b.pt'] } }, /both write "models" and "models\/b.pt", one inside the other/);
  refuses({ a: { command: 'a', outs: ['.mlops/objects/x'] } }, /out ".mlops\/objects\/x" is inside .mlops/);
  refuses({ a: { command: 'a', outs: ['../elsewhere.csv'] } }, /out "..\/elsewhere.csv" is outside the workspace/);
  refuses({ a: { command: 'a', deps: ['data/x.csv'], outs: ['data/x.csv'] } }, /writes "data\/x.csv" and reads "data\/x.csv"/);
});

test('an unknown pipeline lists the known ones', () => {
  assert.throws(() => buildPipelineGraph(workspace(), configWith({ a: { command: 'a' } }), 'nope'), /No pipeline "nope" in mlops.json \(pipelines: train\)/);
  assert.throws(() => buildPipelineGraph(workspace(), emptyConfig(), 'nope'), /declares no "pipelines"/);
});

test('params are substituted into the command; an unknown one names pipeline, stage and param', () => {
  const root = workspace();
  const ok = resolveStage(root, configWith({ fit: { command: 'python fit.py --lr ${params.lr} --name "${params.name}"', params: { lr: 0.1, name: 'a b' } } }), 'train', 'fit');
  assert.equal(ok.command, 'python fit.py --lr 0.1 --name "a b"');
  assert.equal(ok.commandTemplate, 'python fit.py --lr ${params.lr} --name "${params.name}"');
  assert.equal(ok.cwd, '.');
  assert.throws(
    () => resolveStage(root, configWith({ fit: { command: 'python fit.py --lr ${params.lr}', params: { epochs: 3 } } }), 'train', 'fit'),
    (err: Error) => err instanceof PipelineError && /stage "fit" of pipeline "train" uses \$\{params.lr\} but has no param "lr" \(params: epochs\)/.test(err.message),
  );
  // A name every object inherits is no param either.
  assert.throws(() => resolveStage(root, configWith({ fit: { command: 'echo ${params.constructor}' } }), 'train', 'fit'), /has no param "constructor"/);
});

test('prices merge field by field, the stage over the pipeline over the top level; registers are copied', () => {
  const config: MlopsConfig = {
    ...emptyConfig(),
    cost: { cpuHour: 1, gpuHour: 2, currency: 'EUR' },
    pipelines: { train: { cost: { gpuHour: 3 }, stages: { fit: { command: 'f', outs: ['m.pt'], cost: { cpuHour: 5 }, registers: { model: 'clf' } } } } },
  };
  const s = resolveStage(workspace(), config, 'train', 'fit');
  assert.deepEqual(s.prices, { cpuHour: 5, gpuHour: 3, currency: 'EUR' });
  assert.deepEqual(s.registers, { model: 'clf' });
  assert.equal(resolveStage(workspace(), configWith({ fit: { command: 'f' } }), 'train', 'fit').prices, undefined);
});

test('a cwd that does not exist is refused with the fix', () => {
  assert.throws(() => resolveStage(workspace(), configWith({ fit: { command: 'f', cwd: 'nowhere' } }), 'train', 'fit'), /does not exist: create it, or fix "cwd"/);
  assert.equal(resolveStage(workspace(['sub/x']), configWith({ fit: { command: 'f', cwd: './sub/' } }), 'train', 'fit').cwd, 'sub');
});

test('selectStages takes a target and what it depends on; downstreamOf what reads it, transitively', () => {
  const config = configWith({
    a: { command: 'a', outs: ['x'] },
    b: { command: 'b', deps: ['x'], outs: ['y'] },
    c: { command: 'c', deps: ['y'], outs: ['z'] },
    d: { command: 'd', outs: ['w'] },
  });
  const g = buildPipelineGraph(workspace(), config, 'train');
  assert.deepEqual(names(selectStages(g, 'c')), ['a', 'b', 'c']);
  assert.deepEqual(names(selectStages(g, 'b')), ['a', 'b']);
  assert.deepEqual(names(selectStages(g)), ['a', 'b', 'c', 'd']);
  assert.throws(() => selectStages(g, 'e'), (err: Error) => err instanceof PipelineError && /no stage "e" \(stages: a, b, c, d\)/.test(err.message));
  assert.deepEqual(downstreamOf(g, 'a'), ['b', 'c']);
  assert.deepEqual(downstreamOf(g, 'c'), []);
});

test('a glob dep reads whatever a stage writes under its fixed folder', () => {
  const config = configWith({
    split: { command: 's', outs: ['data/parts/a.csv'] },
    merge: { command: 'm', deps: ['data/parts/*.csv'], outs: ['data/all.csv'] },
  });
  const g = buildPipelineGraph(workspace(), config, 'train');
  assert.deepEqual(names(g.stages), ['split', 'merge']);
  assert.deepEqual(g.edges, [{ from: 'split', to: 'merge', via: 'data/parts/a.csv' }]);
});

test('an out reaching outside the workspace through a symlink is refused', () => {
  const root = workspace();
  const elsewhere = tempWorkspace();
  fs.symlinkSync(elsewhere, path.join(root, 'link'));
  assert.throws(
    () => resolveStage(root, configWith({ a: { command: 'a', outs: ['link/model.pt'] } }), 'train', 'a'),
    (err: Error) => err instanceof PipelineError && /"link\/model.pt" reaches outside the workspace through a symlink/.test(err.message),
  );
});

test('registers needs its artifact among the outs (normalized like them), or a single out', () => {
  const root = workspace();
  assert.throws(() => resolveStage(root, configWith({ a: { command: 'a', outs: ['m.pt'], registers: { model: 'm', artifact: 'other.pt' } } }), 'train', 'a'), /registers "other.pt", which is not among its outs \(m.pt\)/);
  assert.throws(() => resolveStage(root, configWith({ a: { command: 'a', outs: ['m.pt', 'n.pt'], registers: { model: 'm' } } }), 'train', 'a'), /registers a model but has 2 outs: name the one to register in "registers.artifact"/);
  assert.deepEqual(resolveStage(root, configWith({ a: { command: 'a', outs: ['m.pt', 'n.pt'], registers: { model: 'm', artifact: './n.pt' } } }), 'train', 'a').registers, { model: 'm', artifact: 'n.pt' });
});
