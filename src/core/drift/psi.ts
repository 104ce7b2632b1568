// Population stability index over shared bins or categories.
import { noDistance, sharesOfBoth } from './shares';
import type { CountsTest } from './types';
import { zeroFill } from './zeroFill';

/**
 * PSI = sum((r - c) * ln(r / c)) over each side's shares after the zero-fill (DESIGN.md). A
 * distance: no p-value. NaN when a side counts nothing.
 */
export const psi: CountsTest = (reference, current) => {
  const both = sharesOfBoth('psi', reference, current);
  if (!both) return noDistance();
  const r = zeroFill(both[0]);
  const c = zeroFill(both[1]);
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += (r[i] - c[i]) * Math.log(r[i] / c[i]);
  return { statistic: sum, pValue: null };
};
