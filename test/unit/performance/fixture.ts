// Reads performance_expected.json (written by test/fixtures/drift/generate_performance.py from
// scikit-learn) and compares figures at the tolerances the project holds its statistics to.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

const file = path.join(__dirname, '..', '..', 'fixtures', 'drift', 'performance_expected.json');

/** JSON has no NaN: the generator writes undefined figures as "nan". */
export type Figure = number | 'nan';

export interface ClassificationCase {
  name: string;
  target: (string | number | null)[];
  prediction: (string | number | null)[];
  score?: number[];
  positiveLabel?: string | number;
  excludedRows: number;
  labels: (string | number)[];
  confusionMatrix: number[][];
  accuracy: Figure;
  precision: Figure;
  recall: Figure;
  f1: Figure;
  rocAuc?: Figure;
  logLoss?: Figure;
}

export interface RegressionCase {
  name: string;
  target: (number | null)[];
  prediction: (number | null)[];
  excludedRows: number;
  mae: Figure;
  rmse: Figure;
  r2: Figure;
  mape: Figure;
}

export interface IsotonicCase {
  name: string;
  x: number[];
  y: number[];
  xThresholds: number[];
  yThresholds: number[];
  new: number[];
  predicted: number[];
}

/** Confidence-based estimation rebuilt from scikit-learn's parts (its isotonic fit, metrics and weighted ROC AUC). */
export interface EstimationCase {
  name: string;
  referenceScore: number[];
  referenceTarget: number[];
  batchScore: number[];
  chunkSize: number;
  chunks: number;
  figures: { metric: string; estimated: number; sigma: number; referenceRealised: number }[];
}

export const expected = JSON.parse(fs.readFileSync(file, 'utf8')) as {
  classification: ClassificationCase[];
  regression: RegressionCase[];
  isotonic: IsotonicCase[];
  estimation: EstimationCase[];
};

/** Equal within `relative` of the expected magnitude (absolute at zero); NaN only where expected. */
export function assertClose(actual: number, want: Figure, what: string, relative = 1e-9): void {
  if (want === 'nan') {
    assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
    return;
  }
  const tolerance = relative * Math.max(Math.abs(want), 1e-300);
  assert.ok(Math.abs(actual - want) <= tolerance, `${what}: got ${actual}, scikit-learn ${want} (difference ${Math.abs(actual - want)})`);
}
