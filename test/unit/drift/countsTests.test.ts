// The binned and categorical drift tests, their bins and the multiple-testing corrections against
// numpy/scipy on the same data: test/fixtures/drift/generate_counts.py ran numpy and scipy and wrote
// counts_expected.json; here every edge and count must be equal, every statistic within 1e-9
// relative (1e-15 absolute around 0) and every p-value within 1e-6, NaN where scipy gives nan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { alignCategories, alignValues, histogramCounts, sturgesEdges } from '../../../src/core/drift/bins';
import { chisquare } from '../../../src/core/drift/chiSquare';
import { benjaminiHochberg, bonferroni } from '../../../src/core/drift/correction';
import { fisher } from '../../../src/core/drift/fisherExact';
import { gtest } from '../../../src/core/drift/gTest';
import { hellinger } from '../../../src/core/drift/hellinger';
import { hypergeometricPmf } from '../../../src/core/drift/hypergeometric';
import { jensenshannon } from '../../../src/core/drift/jensenShannon';
import { kl } from '../../../src/core/drift/kl';
import { psi } from '../../../src/core/drift/psi';
import { tvd } from '../../../src/core/drift/tvd';
import type { CountsTest } from '../../../src/core/drift/types';
import { zeroFill } from '../../../src/core/drift/zeroFill';
import { ztest } from '../../../src/core/drift/zTest';

type Encoded = number | 'NaN' | 'Infinity' | '-Infinity' | null;
type Expected = Record<string, { statistic: Encoded; pValue: Encoded }>;
interface NumericCase {
  name: string;
  reference: number[];
  current: number[];
  edges: number[];
  referenceCounts: number[];
  currentCounts: number[];
  tests: Expected;
}
interface CategoryCase {
  name: string;
  reference: Record<string, number>;
  current: Record<string, number>;
  categories: string[];
  referenceCounts: number[];
  currentCounts: number[];
  tests: Expected;
}
interface CountsCase {
  name: string;
  referenceCounts: number[];
  currentCounts: number[];
  tests: Expected;
}
interface Fixture {
  numeric: NumericCase[];
  categories: CategoryCase[];
  counts: CountsCase[];
  values: { reference: number[]; current: number[]; values: number[]; referenceCounts: number[]; currentCounts: number[] };
  corrections: { pValues: (number | null)[]; bonferroni: (number | null)[]; bh: (number | null)[] }[];
}

const fixture = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../fixtures/drift/counts_expected.json'), 'utf8'),
) as Fixture;

const tests: Record<string, CountsTest> = { psi, kl, jensenshannon, hellinger, tvd, chisquare, gtest, fisher, ztest };

function decode(value: Encoded): number | null {
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return value;
}

function assertClose(actual: number | null, expected: number | null, tolerance: number, relative: boolean, what: string): void {
  if (expected === null || actual === null) {
    assert.equal(actual, expected, what);
    return;
  }
  if (!Number.isFinite(expected)) {
    assert.ok(Object.is(actual, expected) || (Number.isNaN(expected) && Number.isNaN(actual)), `${what}: ${actual}, scipy ${expected}`);
    return;
  }
  const allowed = relative ? Math.max(tolerance * Math.abs(expected), 1e-15) : tolerance;
  assert.ok(Math.abs(actual - expected) <= allowed, `${what}: ${actual}, scipy ${expected} (off by ${Math.abs(actual - expected)})`);
}

function assertTests(name: string, reference: Float64Array, current: Float64Array, expected: Expected): void {
  for (const [testName, want] of Object.entries(expected)) {
    const got = tests[testName](reference, current);
    assertClose(got.statistic, decode(want.statistic), 1e-9, true, `${name}: ${testName} statistic`);
    assertClose(got.pValue, decode(want.pValue), 1e-6, false, `${name}: ${testName} p-value`);
  }
}

test('Sturges edges and histogram counts equal numpy, then every binned test equals numpy/scipy on them', () => {
  for (const c of fixture.numeric) {
    const reference = Float64Array.from(c.reference);
    const current = Float64Array.from(c.current);
    const edges = sturgesEdges(reference, current);
    assert.deepEqual([...edges], c.edges, `${c.name}: edges`);
    const referenceCounts = histogramCounts(reference, edges);
    const currentCounts = histogramCounts(current, edges);
    assert.deepEqual([...referenceCounts], c.referenceCounts, `${c.name}: reference counts`);
    assert.deepEqual([...currentCounts], c.currentCounts, `${c.name}: current counts`);
    assertTests(c.name, referenceCounts, currentCounts, c.tests);
  }
});

test('categories align over the union, reference count descending then name, and every test equals scipy', () => {
  for (const c of fixture.categories) {
    const aligned = alignCategories(new Map(Object.entries(c.reference)), new Map(Object.entries(c.current)));
    assert.deepEqual(aligned.categories, c.categories, `${c.name}: categories`);
    assert.deepEqual([...aligned.reference], c.referenceCounts, `${c.name}: reference counts`);
    assert.deepEqual([...aligned.current], c.currentCounts, `${c.name}: current counts`);
    assertTests(c.name, aligned.reference, aligned.current, c.tests);
  }
});

test('counts given directly (bins empty on both sides, an empty side, mirror-image and 150 random 2 x 2 tables) equal scipy', () => {
  assert.ok(fixture.counts.length > 150);
  for (const c of fixture.counts) {
    assertTests(c.name, Float64Array.from(c.referenceCounts), Float64Array.from(c.currentCounts), c.tests);
  }
});

test('Fisher follows scipy through ties: a mirror-image table is exactly as likely and counts in the p-value', () => {
  // 500 rows on each side make P(249 of 538) and P(289 of 538) equal; summed in a fixed order their
  // log-factorials differ past scipy's 1e-14, which would drop the mirror table (p 0.0113, not 0.0133)
  assert.equal(hypergeometricPmf(249, 1000, 500, 538), hypergeometricPmf(289, 1000, 500, 538));
  const mirror = fixture.counts.find((c) => c.name === '2x2 mirror tie [[249, 251], [289, 211]]')!;
  const got = fisher(Float64Array.of(249, 251), Float64Array.of(289, 211));
  assertClose(got.pValue, decode(mirror.tests.fisher.pValue), 1e-6, false, 'mirror tie p-value');
  assert.ok(got.pValue! > 0.013);
});

test('a numeric column with few values aligns one category per value, ascending, as numpy.unique counts', () => {
  const v = fixture.values;
  const aligned = alignValues(Float64Array.from(v.reference), Float64Array.from(v.current));
  assert.deepEqual([...aligned.values], v.values);
  assert.deepEqual([...aligned.reference], v.referenceCounts);
  assert.deepEqual([...aligned.current], v.currentCounts);
  assert.deepEqual(alignValues(new Float64Array(0), new Float64Array(0)).values.length, 0);
});

test('Bonferroni and Benjamini-Hochberg equal min(1, p m) and scipy false_discovery_control; nulls pass through', () => {
  for (const c of fixture.corrections) {
    const b = bonferroni(c.pValues);
    const bh = benjaminiHochberg(c.pValues);
    c.pValues.forEach((_, i) => {
      assertClose(b[i], c.bonferroni[i], 1e-12, false, `bonferroni ${i} of ${JSON.stringify(c.pValues)}`);
      assertClose(bh[i], c.bh[i], 1e-12, false, `bh ${i} of ${JSON.stringify(c.pValues)}`);
    });
  }
  assert.deepEqual(bonferroni([NaN, 0.01, null, 0.02]), [NaN, 0.02, null, 0.04]);
  assert.throws(() => benjaminiHochberg([0.5, 1.5]), /p-value 1 is 1.5/);
});

test('the zero-fill replaces empty shares by 0.0001, or by the smallest share / 1e6 when that share is <= 0.0001, each side alone', () => {
  assert.deepEqual([...zeroFill(Float64Array.of(0.5, 0, 0.5))], [0.5, 0.0001, 0.5]);
  assert.deepEqual([...zeroFill(Float64Array.of(0.99995, 0.00005, 0))], [0.99995, 0.00005, 0.00005 / 1e6]);
  assert.deepEqual([...zeroFill(Float64Array.of(0.9999, 0.0001, 0))], [0.9999, 0.0001, 0.0001 / 1e6]);
  assert.deepEqual([...zeroFill(Float64Array.of(0.25, 0.75))], [0.25, 0.75]);
});

test('bad input: mismatched bins, negative or non-finite counts, more than two categories for fisher and ztest', () => {
  assert.throws(() => psi(Float64Array.of(1, 2), Float64Array.of(1)), /psi: reference and current must count the same bins \(got 2 and 1\)/);
  assert.throws(() => chisquare(Float64Array.of(1, -2), Float64Array.of(1, 2)), /chisquare: reference count 1 is -2/);
  assert.throws(() => tvd(Float64Array.of(1, 2), Float64Array.of(NaN, 2)), /tvd: current count 0 is NaN/);
  assert.throws(() => fisher(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3)), /fisher: needs the counts of two categories, got 3; use chisquare or gtest/);
  assert.throws(() => ztest(new Float64Array(0), new Float64Array(0)), /ztest: needs the counts of two categories, got 0/);
  assert.throws(() => fisher(Float64Array.of(1.5, 2), Float64Array.of(1, 2)), /fisher: referenceA is 1.5; Fisher's exact test needs whole counts/);
  assert.throws(() => histogramCounts(Float64Array.of(1), Float64Array.of(0)), /edges needs at least 2 values/);
  assert.throws(() => sturgesEdges(Float64Array.of(1, Infinity), new Float64Array(0)), /must be finite/);
});
