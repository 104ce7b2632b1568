import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fitReconstruction, reconstructionErrors, scoreReconstruction } from '../../../src/core/drift/multivariate/reconstruction';
import { ReconstructionInputError, type ReconstructionColumn } from '../../../src/core/drift/multivariate/modelTypes';
import { ReconstructionModelError, readReconstructionModel } from '../../../src/core/drift/multivariate/modelJson';
import { tempWorkspace } from '../tempWorkspace';

// Inputs and scikit-learn's figures from test/fixtures/drift/generate_multivariate.py.
interface FixtureColumn {
  name: string;
  kind: 'numeric' | 'categorical';
  values: (number | string | null)[];
}
interface FixtureCase {
  name: string;
  options: { chunkCount?: number; chunkSize?: number };
  reference: FixtureColumn[];
  expected: {
    features: string[];
    means: number[];
    scales: number[];
    components: number;
    explainedVarianceRatio: number[];
    referenceRowErrors: number[];
    chunkRows: number[];
    chunkErrors: number[];
    thresholdMean: number;
    thresholdStd: number;
    lower: number;
    upper: number;
  };
  batches: { label: string; columns: FixtureColumn[]; rowErrors: number[]; error: number; drift: boolean }[];
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/drift/multivariate_expected.json'), 'utf8')) as {
  varianceTarget: number;
  sigmas: number;
  cases: FixtureCase[];
};

function columns(fixtureColumns: FixtureColumn[]): ReconstructionColumn[] {
  return fixtureColumns.map((c) =>
    c.kind === 'numeric'
      ? { name: c.name, kind: 'numeric', values: Float64Array.from(c.values, (v) => (v === null ? NaN : (v as number))) }
      : { name: c.name, kind: 'categorical', values: c.values as (string | null)[] },
  );
}

/** Within 1e-9 relative; `floor` is the absolute slack for figures that are rounding noise around 0. */
function close(actual: number, expected: number, what: string, floor = 0): void {
  const tolerance = Math.max(1e-9 * Math.abs(expected), floor);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`);
}

function closeAll(actual: ArrayLike<number>, expected: readonly number[], what: string, floor = 0): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) close(actual[i], expected[i], `${what}[${i}]`, floor);
}

for (const c of fixture.cases) {
  test(`multivariate drift equals scikit-learn's steps: ${c.name}`, () => {
    const model = fitReconstruction(columns(c.reference), c.options);
    const e = c.expected;
    assert.deepEqual(
      model.features.map((f) => f.name),
      e.features,
    );
    closeAll(
      model.features.map((f) => f.mean),
      e.means,
      'means',
      // A centred constant's mean, a share of 1 and the like agree to the last bit or two.
      1e-15,
    );
    closeAll(
      model.features.map((f) => f.scale),
      e.scales,
      'scales',
    );
    assert.equal(model.components.length, e.components, 'components kept');
    // Ratios of the variance left over by a constant column are rounding noise around 0 in both.
    closeAll(model.explainedVarianceRatio!, e.explainedVarianceRatio, 'explained variance ratio', 1e-12);
    closeAll(reconstructionErrors(model, columns(c.reference)), e.referenceRowErrors, 'reference row errors');
    assert.deepEqual(model.chunks.rows, e.chunkRows);
    closeAll(model.chunks.errors, e.chunkErrors, 'chunk errors');
    close(model.thresholds.mean, e.thresholdMean, 'threshold mean');
    close(model.thresholds.std, e.thresholdStd, 'threshold std');
    close(model.thresholds.upper, e.upper, 'upper');
    close(model.thresholds.lower, Math.max(0, e.lower), 'lower');
    for (const b of c.batches) {
      closeAll(reconstructionErrors(model, columns(b.columns)), b.rowErrors, `${b.label} row errors`);
      const score = scoreReconstruction(model, columns(b.columns));
      close(score.error, b.error, `${b.label} error`);
      assert.equal(score.drift, b.drift, `${b.label} drift`);
      assert.equal(score.rows, b.rowErrors.length);
    }
  });
}

test('a batch whose columns keep their marginals but lose their correlation drifts; one from the same distribution does not', () => {
  const c = fixture.cases.find((x) => x.name === 'correlated')!;
  const model = fitReconstruction(columns(c.reference));
  const same = scoreReconstruction(model, columns(c.batches.find((b) => b.label === 'same')!.columns));
  const broken = scoreReconstruction(model, columns(c.batches.find((b) => b.label === 'broken correlation')!.columns));
  assert.equal(same.drift, false);
  assert.ok(same.error >= same.lower && same.error <= same.upper);
  assert.equal(broken.drift, true);
  assert.ok(broken.error > broken.upper);
});

test('a fitted model is plain JSON: written to a file and read back, it scores a batch the same to the bit', () => {
  const c = fixture.cases[0];
  const model = fitReconstruction(columns(c.reference));
  const file = path.join(tempWorkspace(), 'model.json');
  fs.writeFileSync(file, JSON.stringify(model));
  const stored = readReconstructionModel(JSON.parse(fs.readFileSync(file, 'utf8')));
  assert.deepEqual(stored, model);
  for (const b of c.batches) {
    assert.deepEqual(scoreReconstruction(stored, columns(b.columns)), scoreReconstruction(model, columns(b.columns)));
  }
});

test('a stored model of another shape is refused with a message that says to refit', () => {
  const model = fitReconstruction(columns(fixture.cases[0].reference));
  const damaged = (change: (m: Record<string, unknown>) => void): unknown => {
    const copy = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
    change(copy);
    return copy;
  };
  const refused = (json: unknown, pattern: RegExp): void => {
    assert.throws(
      () => readReconstructionModel(json),
      (err: unknown) => err instanceof ReconstructionModelError && pattern.test(err.message) && /Refit it from the reference/.test(err.message),
    );
  };
  refused(null, /not an object/);
  refused(damaged((m) => (m.version = 2)), /version 2, not pca-reconstruction version 1/);
  refused(damaged((m) => (m.components = [[1, 2]])), /components are not vectors of 5 numbers/);
  refused(damaged((m) => (m.center = [0])), /center does not have one number per feature \(5\)/);
  refused(damaged((m) => ((m.features as { scale: number }[])[0].scale = 0)), /features are malformed/);
  refused(damaged((m) => ((m.thresholds as { upper: unknown }).upper = null)), /thresholds are malformed/);
  refused(damaged((m) => ((m.chunks as { errors: number[] }).errors = [1])), /chunks are malformed/);
});

test('columns without a value in the reference are skipped, and a batch need not have them', () => {
  const c = fixture.cases.find((x) => x.name === 'constant and empty columns')!;
  const model = fitReconstruction(columns(c.reference), c.options);
  assert.deepEqual(
    model.skipped.map((s) => s.name),
    ['empty', 'no category'],
  );
  const batch = columns(c.batches[0].columns).filter((col) => col.name !== 'empty' && col.name !== 'no category');
  close(scoreReconstruction(model, batch).error, c.batches[0].error, 'error without the skipped columns');
});

test('a reference with no variance keeps no component: its rows reconstruct exactly, and a moved value drifts', () => {
  const n = 40;
  const reference: ReconstructionColumn[] = [
    { name: 'k', kind: 'numeric', values: new Float64Array(n).fill(0.1) },
    { name: 'c', kind: 'categorical', values: new Array<string>(n).fill('one') },
  ];
  const model = fitReconstruction(reference);
  // scikit-learn divides 0 variance by 0 total and gives NaN ratios; the model says null.
  assert.equal(model.explainedVarianceRatio, null);
  assert.deepEqual(model.components, []);
  assert.deepEqual(model.thresholds, { mean: 0, std: 0, sigmas: 3, lower: 0, upper: 0 });
  assert.equal(scoreReconstruction(model, reference).drift, false);
  const moved: ReconstructionColumn[] = [
    { name: 'k', kind: 'numeric', values: new Float64Array(5).fill(0.2) },
    { name: 'c', kind: 'categorical', values: new Array<string>(5).fill('one') },
  ];
  const score = scoreReconstruction(model, moved);
  close(score.error, 0.1, 'a centred-only column moved by 0.1', 1e-15);
  assert.equal(score.drift, true);
});

test('a batch with no rows has a NaN error (as numpy\'s mean of nothing) and does not drift', () => {
  const c = fixture.cases[0];
  const model = fitReconstruction(columns(c.reference));
  const empty = columns(c.reference).map((col): ReconstructionColumn => (col.kind === 'numeric' ? { ...col, values: new Float64Array(0) } : { ...col, values: [] }));
  const score = scoreReconstruction(model, empty);
  assert.ok(Number.isNaN(score.error));
  assert.equal(score.drift, false);
  assert.equal(score.rows, 0);
});

test('missing values, NaN and infinities are imputed alike', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const make = (x: number[], y: number[]): ReconstructionColumn[] => [
    { name: 'x', kind: 'numeric', values: Float64Array.from(x) },
    { name: 'y', kind: 'numeric', values: Float64Array.from(y) },
  ];
  const model = fitReconstruction(make(values, values.map((v) => v * v)), { chunkCount: 3 });
  const withNaN = scoreReconstruction(model, make([NaN, 2], [4, NaN]));
  const withInfinity = scoreReconstruction(model, make([Infinity, 2], [4, -Infinity]));
  assert.equal(withInfinity.error, withNaN.error);
});

test('bad input throws an error naming the column or option and the fix', () => {
  const c = fixture.cases[0];
  const reference = columns(c.reference);
  const model = fitReconstruction(reference);
  const expectError = (fn: () => unknown, pattern: RegExp): void => {
    assert.throws(fn, (err: unknown) => err instanceof ReconstructionInputError && pattern.test(err.message));
  };
  expectError(() => scoreReconstruction(model, reference.slice(1)), /no column "x1".*add it/);
  expectError(
    () => scoreReconstruction(model, reference.map((col) => (col.name === 'segment' ? { name: 'segment', kind: 'numeric', values: new Float64Array(col.values.length) } : col))),
    /"segment" is numeric, but categorical in the reference/,
  );
  expectError(() => fitReconstruction([reference[0], { ...reference[1], values: new Float64Array(3) } as ReconstructionColumn]), /"x2" has 3 rows where "x1" has 1500/);
  expectError(() => fitReconstruction([reference[0], { ...reference[0] }]), /two columns named "x1"/);
  expectError(() => fitReconstruction([]), /no columns/);
  expectError(() => fitReconstruction(reference, { chunkCount: 2000 }), /1500 rows, fewer than its 2000 chunks: use a chunkCount of at most 1500/);
  expectError(() => fitReconstruction(reference, { chunkCount: 1 }), /chunkCount must be a whole number of at least 2/);
  expectError(() => fitReconstruction(reference, { chunkSize: 1000 }), /fewer than 2 chunks.*at most 750/);
  expectError(() => fitReconstruction(reference, { chunkSize: 100, chunkCount: 5 }), /not both/);
  expectError(() => fitReconstruction(reference, { varianceTarget: 1 }), /varianceTarget must be a share between 0 and 1/);
  expectError(() => fitReconstruction(reference, { sigmas: 0 }), /sigmas must be a positive number/);
  expectError(() => fitReconstruction([{ name: 'n', kind: 'numeric', values: new Float64Array([NaN, NaN]) }], { chunkCount: 2 }), /No reference column has a value \("n"\)/);
  expectError(() => fitReconstruction([{ name: 'n', kind: 'numeric', values: [1, 2] as unknown as Float64Array }]), /"n" is numeric, so its values must be a Float64Array/);
});
