import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import type { MlopsConfig } from '../../../src/core/config/types';
import { pipelineStatus } from '../../../src/core/pipelines/pipelineStatus';
import { reasonText } from '../../../src/core/pipelines/reasonText';
import { resolveStage } from '../../../src/core/pipelines/resolveStage';
import type { PipelineStatus } from '../../../src/core/pipelines/types';
import { dataWorkspace } from '../data/helpers';
import { recordAsRun } from './stageFixture';

function pipelineWorkspace() {
  const ws = dataWorkspace({ raw: 'data/raw.csv' });
  const config: MlopsConfig = {
    ...ws.config,
    pipelines: {
      p: {
        stages: {
          prepare: { command: 'python prep.py', deps: ['raw'], outs: ['data/clean.csv'] },
          train: { command: 'python train.py --lr ${params.lr}', deps: ['data/clean.csv', 'train.py'], outs: ['model.pkl', 'plots'], params: { lr: 0.1 } },
        },
      },
    },
  };
  ws.write('data/raw.csv', 'raw v1', 60);
  ws.write('train.py', 'print(1)', 60);
  /** Plays the stage: writes its outs (aged past the stat cache's racy window) and records it as repro does. */
  const run = async (stage: string, outs: Record<string, string>, cost?: number) => {
    for (const [rel, data] of Object.entries(outs)) ws.write(rel, data, 60);
    return recordAsRun(ws.store, ws.root, resolveStage(ws.root, config, 'p', stage), cost === undefined ? {} : { cost });
  };
  const runAll = async (tag: string) => {
    await run('prepare', { 'data/clean.csv': `clean ${tag}` });
    await run('train', { 'model.pkl': `model ${tag}`, 'plots/loss.txt': `loss ${tag}` }, 0.5);
  };
  const status = () => pipelineStatus(ws.store, ws.root, config, 'p');
  return { ...ws, config, run, runAll, status };
}

/** stage -> [state, reason texts] */
const summary = (s: PipelineStatus) => Object.fromEntries(s.stages.map((x) => [x.stage, [x.state, ...x.reasons.map(reasonText)]]));

test('never run: the first stage says so, the next waits on it', async () => {
  const ws = pipelineWorkspace();
  const s = await ws.status();
  assert.deepEqual(summary(s), {
    prepare: ['stale', 'never run'],
    train: ['stale', 'never run', 'dependency data/clean.csv missing', 'upstream stage prepare will run'],
  });
  assert.match(s.stages[0].key ?? '', /^[0-9a-f]{64}$/);
  assert.equal(s.stages[1].key, undefined, 'a stage after a stale one has no key yet');
});

test('after a run every stage is up to date, and a second status reads no file content', async () => {
  const ws = pipelineWorkspace();
  await ws.runAll('A');
  const first = await ws.status();
  assert.deepEqual(summary(first), { prepare: ['up-to-date'], train: ['up-to-date'] });
  assert.equal(first.stages[1].lastCost, 0.5, 'the cost of the execution that made the outs');
  const second = await ws.status();
  assert.deepEqual(summary(second), summary(first));
  assert.equal(second.bytesRead, 0);
});

test('a changed param says was and now, and the command it changes', async () => {
  const ws = pipelineWorkspace();
  await ws.runAll('A');
  ws.config.pipelines.p.stages.train.params = { lr: 0.2 };
  assert.deepEqual(summary(await ws.status()), {
    prepare: ['up-to-date'],
    train: ['stale', 'command changed: python train.py --lr 0.1 -> python train.py --lr 0.2', 'param lr changed 0.1 -> 0.2'],
  });
});

test('a modified dependency makes its stage and everything after it stale', async () => {
  const ws = pipelineWorkspace();
  await ws.runAll('A');
  ws.write('data/raw.csv', 'raw v2', 60);
  assert.deepEqual(summary(await ws.status()), {
    prepare: ['stale', 'data/raw.csv modified'],
    train: ['stale', 'upstream stage prepare will run'],
  });
  fs.rmSync(ws.abs('data/raw.csv'));
  assert.deepEqual(summary(await ws.status()).prepare, ['stale', 'dependency data/raw.csv missing']);
});

test('dependencies added to and removed from the stage are named', async () => {
  const ws = pipelineWorkspace();
  await ws.runAll('A');
  ws.write('config.yaml', 'a: 1', 60);
  ws.config.pipelines.p.stages.train.deps = ['data/clean.csv', 'config.yaml'];
  assert.deepEqual(summary(await ws.status()).train, ['stale', 'new dependency config.yaml', 'dependency train.py removed']);
});

test('an out modified or deleted: the run cache still holds it, so the stage would be restored', async () => {
  const ws = pipelineWorkspace();
  await ws.runAll('A');
  ws.write('plots/extra.txt', 'x', 60);
  fs.rmSync(ws.abs('model.pkl'));
  assert.deepEqual(summary(await ws.status()).train, ['cached', 'out model.pkl missing', 'out plots modified']);
});

test('a definition change with no other reason (env) is said as such', async () => {
  const ws = pipelineWorkspace();
  await ws.runAll('A');
  ws.config.pipelines.p.stages.prepare.env = { SEED: '1' };
  assert.deepEqual(summary(await ws.status()).prepare, ['stale', 'stage definition changed (cwd, env, outs or metrics)']);
});

test('switching back to data already run is "cached", not "stale"', async () => {
  const ws = pipelineWorkspace();
  await ws.runAll('A');
  ws.write('data/raw.csv', 'raw v2', 60);
  await ws.runAll('B');
  assert.deepEqual(summary(await ws.status()), { prepare: ['up-to-date'], train: ['up-to-date'] });
  ws.write('data/raw.csv', 'raw v1', 60);
  // train is judged by the clean.csv prepare's restore will put back, as repro will find it.
  const s = await ws.status();
  assert.deepEqual(summary(s), {
    prepare: ['cached', 'data/raw.csv modified'],
    train: ['cached', 'data/clean.csv modified'],
  });
});

test('an out deleted by hand: its stage is restored, and the stage reading it stays up to date', async () => {
  const ws = pipelineWorkspace();
  await ws.runAll('A');
  fs.rmSync(ws.abs('data/clean.csv'));
  assert.deepEqual(summary(await ws.status()), { prepare: ['cached', 'out data/clean.csv missing'], train: ['up-to-date'] });
});

test('a stage reading inside a folder a cached stage restores waits on it (its hash cannot be predicted)', async () => {
  const ws = pipelineWorkspace();
  const stages = ws.config.pipelines.p.stages;
  stages.prepare.outs = ['data/clean'];
  stages.train.deps = ['data/clean/part-0.csv', 'train.py'];
  await ws.run('prepare', { 'data/clean/part-0.csv': 'part 0' });
  await ws.run('train', { 'model.pkl': 'model', 'plots/loss.txt': 'loss' });
  fs.rmSync(ws.abs('data/clean'), { recursive: true });
  assert.deepEqual(summary(await ws.status()), {
    prepare: ['cached', 'out data/clean missing'],
    train: ['stale', 'dependency data/clean/part-0.csv missing', 'upstream stage prepare will run'],
  });
});

test('--stage limits status to the stage and what it depends on', async () => {
  const ws = pipelineWorkspace();
  const s = await pipelineStatus(ws.store, ws.root, ws.config, 'p', { stage: 'prepare' });
  assert.deepEqual(s.stages.map((x) => x.stage), ['prepare']);
});
