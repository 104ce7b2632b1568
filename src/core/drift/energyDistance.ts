// Energy distance between the samples, as scipy.stats.energy_distance: sqrt(2) times the L2 distance
// between the empirical CDFs, computed from the sorted samples in one linear pass (not over all pairs).
import { cdfGapSum } from './cdfDistance';
import type { NumericTest } from './types';

export const energy: NumericTest = (reference, current) => ({
  statistic: Math.SQRT2 * Math.sqrt(cdfGapSum(reference, current, 2)),
  pValue: null,
});
