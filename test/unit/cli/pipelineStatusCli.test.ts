// `mlops pipeline status` as a user runs it: the built CLI (node esbuild.js first) in a child
// process, over a workspace whose stages were recorded as executed by the same core repro uses.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { resolveStage } from '../../../src/core/pipelines/resolveStage';
import type { PipelineStatus } from '../../../src/core/pipelines/types';
import { Store } from '../../../src/core/store/store';
import { recordAsRun } from '../pipelines/stageFixture';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

function workspace() {
  const root = fs.realpathSync(tempWorkspace('mlops-pstatus-'));
  const write = (rel: string, data: string) => {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, data);
    const t = Date.now() / 1000 - 60; // older than the stat cache's racy window, as data files are
    fs.utimesSync(abs, t, t);
  };
  write(
    'mlops.json',
    JSON.stringify({
      datasets: { raw: { path: 'data/raw.csv' } },
      pipelines: {
        p: {
          stages: {
            prepare: { command: 'python prep.py', deps: ['raw'], outs: ['data/clean.csv'] },
            train: { command: 'python train.py --lr ${params.lr}', deps: ['data/clean.csv'], outs: ['model.pkl'], params: { lr: 0.1 } },
          },
        },
        other: { stages: { only: { command: 'echo hi > hi.txt', outs: ['hi.txt'] } } },
      },
    }),
  );
  write('data/raw.csv', 'a\n1\n');
  write('prep.py', '');
  return { root, write };
}

test('mlops pipeline status: every pipeline, each stage with its state and reasons; exit 0', () => {
  const { root } = workspace();
  const r = mlops(['pipeline', 'status'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    [
      'pipeline other',
      '  only  will run: never run',
      '',
      'pipeline p',
      '  prepare  will run: never run',
      '  train    will run: never run; dependency data/clean.csv missing; upstream stage prepare will run',
      '',
    ].join('\n'),
  );
});

test('mlops pipeline status NAME after the stages ran: up to date, then the changed dependency named; --json', async () => {
  const { root, write } = workspace();
  const store = Store.open(root);
  const config = loadConfig(root).config;
  write('data/clean.csv', 'clean');
  await recordAsRun(store, root, resolveStage(root, config, 'p', 'prepare'));
  write('model.pkl', 'model');
  await recordAsRun(store, root, resolveStage(root, config, 'p', 'train'), { cost: 0.5 });
  store.close();

  const up = mlops(['pipeline', 'status', 'p'], root);
  assert.equal(up.code, 0, up.stderr);
  assert.equal(up.stdout, 'pipeline p\n  prepare  up to date\n  train    up to date\n');

  write('data/raw.csv', 'a\n2\n');
  const stale = mlops(['pipeline', 'status', 'p'], root);
  assert.equal(stale.code, 0, stale.stderr);
  assert.equal(stale.stdout, 'pipeline p\n  prepare  will run: data/raw.csv modified\n  train    will run: upstream stage prepare will run\n');

  const json = mlops(['pipeline', 'status', 'p', '--stage', 'prepare', '--json'], root);
  assert.equal(json.code, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as PipelineStatus[];
  assert.equal(parsed.length, 1);
  assert.equal(parsed[0].pipeline, 'p');
  assert.deepEqual(parsed[0].stages.map((s) => [s.stage, s.state, s.reasons]), [['prepare', 'stale', [{ kind: 'dep', path: 'data/raw.csv', change: 'modified' }]]]);
  assert.match(parsed[0].stages[0].key ?? '', /^[0-9a-f]{64}$/);
});

test('mlops pipeline status: bad input exits 2 naming what to fix', () => {
  const { root } = workspace();
  const unknown = mlops(['pipeline', 'status', 'nope'], root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /No pipeline "nope" in mlops.json/);
  const stage = mlops(['pipeline', 'status', 'p', '--stage', 'nope'], root);
  assert.equal(stage.code, 2);
  assert.match(stage.stderr, /has no stage "nope"/);
  const noName = mlops(['pipeline', 'status', '--stage', 'train'], root);
  assert.equal(noName.code, 2);
  assert.match(noName.stderr, /--stage needs the pipeline/);
  const two = mlops(['pipeline', 'status', 'p', 'other'], root);
  assert.equal(two.code, 2);
  assert.match(two.stderr, /at most one pipeline/);
});
