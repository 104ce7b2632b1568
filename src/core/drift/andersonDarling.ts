// Anderson-Darling k-sample test for two samples, as scipy.stats.anderson_ksamp([reference, current])
// reports it by default in scipy 1.17: the midrank statistic A2akN (Scholz and Stephens 1987, eq. 7)
// standardised, and a p-value interpolated from their table of critical values, capped to
// [0.001, 0.25]. (scipy warns when it caps or floors, and warns that `variant` should be named; the
// numbers are those of variant="midrank". The cap is part of the result: a p of 0.25 means "0.25 or
// more", 0.001 means "0.001 or less".)
import { forEachTiedGroup } from './tiedGroups';
import type { NumericTest } from './types';

const SIGNIFICANCE = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
// Scholz and Stephens' Table 2 interpolation coefficients; with two samples m = k - 1 = 1.
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
const CRITICAL = B0.map((b0, i) => b0 + B1[i] / Math.sqrt(1) + B2[i] / 1);

/** Least-squares quadratic through (CRITICAL[i], log SIGNIFICANCE[i]) as numpy.polyfit(.., 2): coefficients c0 + c1 x + c2 x^2. */
function fitLogSignificance(): [number, number, number] {
  // Normal equations on centred x, solved by Cramer's rule (3 x 3, well conditioned after centring).
  const meanX = CRITICAL.reduce((s, x) => s + x, 0) / CRITICAL.length;
  const S = [0, 0, 0, 0, 0];
  const T = [0, 0, 0];
  CRITICAL.forEach((x0, i) => {
    const x = x0 - meanX;
    const y = Math.log(SIGNIFICANCE[i]);
    for (let p = 0; p < 5; p++) S[p] += x ** p;
    for (let p = 0; p < 3; p++) T[p] += y * x ** p;
  });
  const M = [[S[0], S[1], S[2]], [S[1], S[2], S[3]], [S[2], S[3], S[4]]];
  const det = (A: number[][]): number =>
    A[0][0] * (A[1][1] * A[2][2] - A[1][2] * A[2][1]) - A[0][1] * (A[1][0] * A[2][2] - A[1][2] * A[2][0]) + A[0][2] * (A[1][0] * A[2][1] - A[1][1] * A[2][0]);
  const D = det(M);
  const [a, b, c] = [0, 1, 2].map((col) => det(M.map((row, r) => row.map((v, j) => (j === col ? T[r] : v)))) / D);
  // Back from centred x: a + b (x - mu) + c (x - mu)^2.
  return [a - b * meanX + c * meanX * meanX, b - 2 * c * meanX, c];
}

const FIT = fitLogSignificance();

export const anderson: NumericTest = (reference, current) => {
  const n1 = reference.length;
  const n2 = current.length;
  const N = n1 + n2;
  // scipy raises on a single distinct value and on N = 2, and gives nan at N = 3 (its variance divides by
  // N - 3): NaN for all of them here.
  if (N < 4 || reference[0] === reference[n1 - 1] && current[0] === current[n2 - 1] && reference[0] === current[0]) {
    return { statistic: NaN, pValue: NaN };
  }
  let sum1 = 0;
  let sum2 = 0;
  forEachTiedGroup(reference, current, (inReference, inCurrent, referenceBelow, currentBelow) => {
    const lj = inReference + inCurrent;
    const Bj = referenceBelow + currentBelow + lj / 2;
    const denominator = Bj * (N - Bj) - (N * lj) / 4;
    const M1 = referenceBelow + inReference / 2;
    const M2 = currentBelow + inCurrent / 2;
    sum1 += ((lj / N) * (N * M1 - Bj * n1) ** 2) / denominator;
    sum2 += ((lj / N) * (N * M2 - Bj * n2) ** 2) / denominator;
  });
  const A2kN = ((sum1 / n1 + sum2 / n2) * (N - 1)) / N;

  // Its variance under the null (Scholz and Stephens eq. 4), with k = 2 samples.
  const k = 2;
  const H = 1 / n1 + 1 / n2;
  let harmonic = 0; // running sum 1/(N-1) + 1/(N-2) + ... as scipy's cumsum builds it
  let g = 0;
  for (let i = N - 1; i > 1; i--) {
    harmonic += 1 / i;
    g += harmonic / (N + 1 - i); // hs_cs[idx] / (idx + 2), with idx = N - 1 - i
  }
  const h = harmonic + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmaSquared = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
  const A2 = (A2kN - (k - 1)) / Math.sqrt(sigmaSquared);

  let p: number;
  if (A2 < Math.min(...CRITICAL)) p = 0.25;
  else if (A2 > Math.max(...CRITICAL)) p = 0.001;
  else p = Math.exp(FIT[0] + FIT[1] * A2 + FIT[2] * A2 * A2);
  return { statistic: A2, pValue: p };
};
