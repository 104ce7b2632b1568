// A monitor counts multivariate drift: a batch with no drifted column whose rows leave the
// reference's reconstruction band is a 'drift' check, and its summary line says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeOf } from '../../../src/core/monitors/checkMonitor';
import { summarizeCheck } from '../../../src/core/monitors/checkSummary';
import type { CheckRecord } from '../../../src/core/monitors/checkRecords';
import type { DriftReport, MultivariateDrift } from '../../../src/core/drift/reportTypes';

const within: MultivariateDrift = { method: 'pca-reconstruction', columns: ['x', 'y'], error: 1.0, lower: 0.9, upper: 1.2, drift: false, components: 1, explainedVariance: 0.95 };

const report = (multivariate?: MultivariateDrift): DriftReport => ({
  datasetDrift: false,
  share: 0,
  driftShare: 0.5,
  correction: 'none',
  reference: { label: 'train:train.csv@1', rows: 2000 },
  current: { label: 'incoming:incoming/b1.csv@1', rows: 2000 },
  problems: [],
  columns: ['x', 'y'].map((name) => ({ name, type: 'numeric' as const, method: 'ks' as const, statistic: 0.01, pValue: 0.9, threshold: 0.05, thresholdSource: 'default' as const, drift: false, missing: { reference: 0, current: 0 } })),
  ...(multivariate ? { multivariate } : {}),
});

test('multivariate drift alone makes the check drift; within the band or absent it stays ok', () => {
  assert.equal(outcomeOf({ drift: report({ ...within, error: 1.9, drift: true }) }), 'drift');
  assert.equal(outcomeOf({ drift: report(within) }), 'ok');
  assert.equal(outcomeOf({ drift: report() }), 'ok');
  // Skipped with a note: nothing to count.
  assert.equal(outcomeOf({ drift: report({ ...within, error: null, lower: null, upper: null, note: 'column y is missing from the batch.' }) }), 'ok');
});

test("the check's summary line names the multivariate drift", () => {
  const check: CheckRecord = {
    id: 3,
    monitor: 'prod',
    batchVersionId: 2,
    referenceVersionId: 1,
    batchLabel: 'incoming:incoming/b1.csv@1',
    referenceLabel: 'train:train.csv@1',
    checkedAt: Date.UTC(2026, 0, 2),
    outcome: 'drift',
    driftShare: 0,
    driftedColumns: 0,
    totalColumns: 2,
    error: null,
    report: { drift: report({ ...within, error: 1.9, drift: true }) },
  };
  assert.match(summarizeCheck(check).text, /0 of 2 columns drifted .*\. Multivariate drift: PCA reconstruction error 1\.9 outside the reference's band \[0\.9, 1\.2\]/);
  assert.doesNotMatch(summarizeCheck({ ...check, outcome: 'ok', report: { drift: report(within) } }).text, /ultivariate/);
});
