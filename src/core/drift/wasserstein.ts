// Wasserstein (earth mover's) distance between the samples, and the normed form the drift report
// uses: the distance in units of the reference's spread, so one threshold fits every column.
import { cdfGapSum } from './cdfDistance';
import { meanAndSumOfSquares } from './sampleMoments';
import type { NumericTest, SortedSample } from './types';

/** scipy.stats.wasserstein_distance(reference, current): the area between the two empirical CDFs. */
export function wassersteinDistance(reference: SortedSample, current: SortedSample): number {
  return cdfGapSum(reference, current, 1);
}

/** numpy.std(values): the population standard deviation. */
export function populationStd(values: Float64Array): number {
  return Math.sqrt(meanAndSumOfSquares(values)[1] / values.length);
}

/** The distance divided by max(population std of the reference, 0.001); a distance, so no p-value. */
export const wasserstein: NumericTest = (reference, current) => ({
  statistic: wassersteinDistance(reference, current) / Math.max(populationStd(reference), 0.001),
  pValue: null,
});
