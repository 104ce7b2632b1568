// --candidate pipeline:PIPE: the version a pipeline's latest finished run registered, through the
// pipeline run records mlops repro writes (a stage it ran, or an earlier run whose outs it kept).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { finishPipelineRun, insertPipelineRun, linkStageRun, putStageRun } from '../../../src/core/pipelines/pipelineRuns';
import { evaluateGate } from '../../../src/core/registry/gate';
import { RegistryError } from '../../../src/core/registry/types';
import { gateWorkspace } from './gateFixture';

const models = { churn: { metric: 'auc', gate: { auc: { threshold: 0.8, minAbsoluteChange: 0.01 } } } };

function pipelineRun(w: ReturnType<typeof gateWorkspace>, id: string, at: number, status: 'finished' | 'failed', stage?: { runId: string; outcome: 'ran' | 'up-to-date' }) {
  insertPipelineRun(w.store, { id, pipeline: 'train', forced: false, startedAt: at, author: 'test' });
  if (stage) {
    putStageRun(w.store, { pipelineRunId: id, stage: 'fit', outcome: stage.outcome, runId: stage.runId, reason: '' });
    if (stage.outcome === 'ran') linkStageRun(w.store, stage.runId, id, 'fit');
  }
  finishPipelineRun(w.store, id, { status, endedAt: at + 1, stages: {} });
}

const gate = (w: ReturnType<typeof gateWorkspace>, candidate = 'pipeline:train') => evaluateGate(w.store, w.config, { model: 'churn', candidate });

test('pipeline:PIPE is the version registered by the latest finished run of the pipeline; a failed run after it does not count', () => {
  const w = gateWorkspace(models);
  w.version('churn', 1, w.run('01first00000000000000000000', { auc: 0.8 }), { auc: 0.8 });
  w.alias('churn', 'champion', 1);
  pipelineRun(w, 'p1', 10, 'finished', { runId: '01first00000000000000000000', outcome: 'ran' });
  w.version('churn', 2, w.run('01second0000000000000000000', { auc: 0.9 }), { auc: 0.9 });
  pipelineRun(w, 'p2', 20, 'finished', { runId: '01second0000000000000000000', outcome: 'ran' });
  w.version('churn', 3, w.run('01third00000000000000000000', { auc: 0.5 }), { auc: 0.5 });
  pipelineRun(w, 'p3', 30, 'failed', { runId: '01third00000000000000000000', outcome: 'ran' });

  const r = gate(w);
  assert.equal(r.candidate, 'churn@2');
  assert.equal(r.candidateRunId, '01second0000000000000000000');
  assert.equal(r.passed, true);

  // A later finished run that kept the train stage's outs (up to date) still names that run's version.
  pipelineRun(w, 'p4', 40, 'finished', { runId: '01second0000000000000000000', outcome: 'up-to-date' });
  assert.equal(gate(w).candidate, 'churn@2');
});

test('pipeline:PIPE with no finished run, or whose latest finished run registered nothing, is a RegistryError saying so', () => {
  const w = gateWorkspace(models);
  assert.throws(() => gate(w), (e: Error) => e instanceof RegistryError && /Pipeline "train" has no finished run .*mlops repro train/.test(e.message));
  w.run('01plain0000000000000000000', { auc: 0.9 });
  pipelineRun(w, 'p1', 10, 'finished', { runId: '01plain0000000000000000000', outcome: 'ran' });
  assert.throws(() => gate(w), (e: Error) => e instanceof RegistryError && /latest finished run of pipeline "train" \(p1, .*\) registered no version of churn: a stage registers it/.test(e.message));
  assert.throws(() => gate(w, 'pipeline:'), (e: Error) => e instanceof RegistryError && /names no pipeline: write pipeline:NAME/.test(e.message));
});
