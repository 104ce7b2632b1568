// Two-sample Kolmogorov-Smirnov test, two-sided, as scipy.stats.ks_2samp(reference, current) with
// method "auto": the exact null distribution (lattice-path counts) when both samples have at most
// 10,000 values, the asymptotic kstwo distribution otherwise or when the exact count fails.
import { gcd, roundHalfEven } from './integerArithmetic';
import { forEachTiedGroup } from './tiedGroups';
import { kolmogorovSf } from './kolmogorovDistribution';
import type { NumericTest } from './types';

const MAX_EXACT_N = 10_000;

/** P(D_{n,n} >= h/n) for equal sample sizes: 2 (A0 - A0 A1 + A0 A1 A2 - ...) evaluated Horner-like from the tail. */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * P(D_{m,n} >= h/lcm(m,n)): the share of lattice paths from (0,0) to (m,n) that leave the band
 * |x/m - y/n| < h/lcm, counted column by column as 1 - (share inside) so that it stays a probability
 * throughout (Hodges' inside method in the 1 - p form of Viehmann 2021).
 */
function probOutsideBand(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const A = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      val = (A[jj + minj - lastminj] * i + val * (jj + minj)) / (i + jj + minj);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}

export const ks: NumericTest = (reference, current) => {
  const n1 = reference.length;
  const n2 = current.length;
  // The largest gap between the empirical CDFs, looked at after each group of equal values (scipy's searchsorted 'right').
  let maxDiff = 0;
  let minDiff = 0;
  forEachTiedGroup(reference, current, (inReference, inCurrent, referenceBelow, currentBelow) => {
    const diff = (referenceBelow + inReference) / n1 - (currentBelow + inCurrent) / n2;
    if (diff > maxDiff) maxDiff = diff;
    if (diff < minDiff) minDiff = diff;
  });
  let d = Math.min(-minDiff, 1) > maxDiff ? Math.min(-minDiff, 1) : maxDiff;

  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm; // scipy reports the statistic snapped to the lattice the exact count uses
    if (h === 0) return { statistic: d, pValue: 1 };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { statistic: d, pValue: p };
    // The exact count failed numerically: scipy falls back to the asymptotic distribution (with a warning).
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (m * n) / (m + n);
  return { statistic: d, pValue: Math.min(1, Math.max(0, kolmogorovSf(roundHalfEven(en), d))) };
};
