// Every numeric drift test against scipy on the same samples: the fixture's generator
// (test/fixtures/drift/generate_numeric.py) ran scipy; here each function must give the same
// statistic (1e-9 relative; 1e-15 absolute around 0) and p-value (1e-6 absolute), NaN where scipy
// gives nan or raises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ks } from '../../../src/core/drift/ks';
import { wasserstein, wassersteinDistance } from '../../../src/core/drift/wasserstein';
import { anderson } from '../../../src/core/drift/andersonDarling';
import { cvm } from '../../../src/core/drift/cramerVonMises';
import { mannwhitney } from '../../../src/core/drift/mannWhitney';
import { ttest } from '../../../src/core/drift/welchT';
import { energy } from '../../../src/core/drift/energyDistance';
import { kolmogorovSf, smirnovSf } from '../../../src/core/drift/kolmogorovDistribution';
import type { NumericTest, SortedSample, TestResult } from '../../../src/core/drift/types';

type Encoded = number | 'nan' | 'inf' | '-inf' | null;
interface Sequence { start: number; step: number; count: number }
interface FixtureCase {
  name: string;
  reference?: number[];
  current?: number[];
  referenceSequence?: Sequence;
  currentSequence?: Sequence;
  expected: Record<string, { statistic: Encoded; pValue: Encoded; error?: string }>;
}

const fixture = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/drift/numeric_expected.json'), 'utf8')) as {
  cases: FixtureCase[];
  kolmogorov: [n: number, x: number, kstwoSf: number, smirnov: number][];
};

function sample(listed: number[] | undefined, sequence: Sequence | undefined): SortedSample {
  if (listed) return Float64Array.from(listed).sort();
  const { start, step, count } = sequence!;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = start + step * i; // the generator's numpy expression, element by element
  return out;
}

function decode(value: Encoded): number | null {
  if (value === 'nan') return NaN;
  if (value === 'inf') return Infinity;
  if (value === '-inf') return -Infinity;
  return value;
}

function assertClose(actual: number | null, expected: number | null, tolerance: (e: number) => number, what: string): void {
  if (expected === null || actual === null) {
    assert.equal(actual, expected, what);
    return;
  }
  if (Number.isNaN(expected) || !Number.isFinite(expected)) {
    assert.ok(Object.is(actual, expected) || (Number.isNaN(expected) && Number.isNaN(actual)), `${what}: ${actual}, scipy ${expected}`);
    return;
  }
  assert.ok(Math.abs(actual - expected) <= tolerance(expected), `${what}: ${actual}, scipy ${expected} (off by ${Math.abs(actual - expected)})`);
}

const tests: Record<string, NumericTest> = {
  ks, wasserstein, anderson, cvm, mannwhitney, ttest, energy,
  wassersteinRaw: (r, c) => ({ statistic: wassersteinDistance(r, c), pValue: null }),
};

for (const name of Object.keys(tests)) {
  test(`${name} equals scipy on every fixture case`, () => {
    for (const c of fixture.cases) {
      const reference = sample(c.reference, c.referenceSequence);
      const current = sample(c.current, c.currentSequence);
      const want = c.expected[name];
      const got: TestResult = tests[name](reference, current);
      // Where scipy raises (anderson_ksamp on a single distinct value), the function says NaN.
      const wantStatistic = want.error ? NaN : decode(want.statistic);
      const wantP = want.error ? (got.pValue === null ? null : NaN) : decode(want.pValue);
      assertClose(got.statistic, wantStatistic, (e) => 1e-9 * Math.max(Math.abs(e), 1e-6), `${name} statistic, ${c.name}`);
      assertClose(got.pValue, wantP, () => 1e-6, `${name} p-value, ${c.name}`);
    }
  });
}

test("the KS distribution equals scipy's kstwo.sf and smirnov on a grid across every method's range of n and x", () => {
  assert.ok(fixture.kolmogorov.length > 1000);
  for (const [n, x, kstwo, smirnov] of fixture.kolmogorov) {
    assertClose(kolmogorovSf(n, x), kstwo, () => 1e-6, `kstwo.sf(${x}, ${n})`);
    assertClose(smirnovSf(n, x), smirnov, () => 1e-6, `smirnov(${n}, ${x})`);
  }
});

test('the tests leave their samples as they were given', () => {
  const reference = Float64Array.from([0.5, 1, 1, 2.5, 3]);
  const current = Float64Array.from([1, 2, 2, 4]);
  for (const run of Object.values(tests)) run(reference, current);
  assert.deepEqual([...reference, ...current], [0.5, 1, 1, 2.5, 3, 1, 2, 2, 4]);
});
