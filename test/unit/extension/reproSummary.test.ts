import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReproResult } from '../../../src/core/pipelines/types';
import { firstFailure, reproSummary } from '../../../src/extension/pipelines/reproSummary';

const result = (stages: ReproResult['stages'], extra: Partial<ReproResult> = {}): ReproResult => ({ pipelineRunId: 'p1', status: 'finished', stages, ...extra });

test('the end-of-run notification counts the stages by outcome, with the cost saved by the run cache', () => {
  const r = result(
    [
      { stage: 'prepare', outcome: 'up-to-date', reason: '' },
      { stage: 'featurize', outcome: 'restored', reason: '' },
      { stage: 'train', outcome: 'ran', reason: 'param lr changed' },
      { stage: 'evaluate', outcome: 'ran', reason: 'upstream stage train will run' },
    ],
    { savedCost: 0.01, cost: 0.0421 },
  );
  assert.equal(reproSummary('train', r), 'pipeline train: 2 ran, 1 restored from the run cache (saved $0.01), 1 up to date; cost $0.04');
  assert.equal(reproSummary('train', result([{ stage: 'a', outcome: 'restored', reason: '' }]), 'EUR'), 'pipeline train: 1 restored from the run cache');
  assert.equal(firstFailure(r), undefined);
});

test('a failed stage is named with its reason; what it stopped counts as not run', () => {
  const r = result(
    [
      { stage: 'prepare', outcome: 'ran', reason: '' },
      { stage: 'train', outcome: 'failed', reason: 'exit code 1' },
      { stage: 'evaluate', outcome: 'not-run', reason: 'upstream stage train failed' },
    ],
    { status: 'failed' },
  );
  assert.deepEqual(firstFailure(r), { stage: 'train', reason: 'exit code 1' });
  assert.equal(reproSummary('train', r), 'pipeline train: 1 ran, 1 failed, 1 not run');
});
