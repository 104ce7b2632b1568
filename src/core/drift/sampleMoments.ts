// Mean and sum of squared deviations of a sample, in numpy's two passes (mean first, then the
// deviations from it), which is what numpy.std and numpy.var compute and so what scipy's tests use.
// Both sums are compensated: the samples arrive sorted, not in the order numpy summed them, so the
// only way to agree with numpy closely whatever the order is for both to be close to exact (a t
// statistic on two near-equal means magnifies summation error by the ratio of mean to difference).
import { CompensatedSum } from './compensatedSum';

export function meanAndSumOfSquares(values: Float64Array): [mean: number, sumOfSquares: number] {
  const n = values.length;
  const sum = new CompensatedSum();
  for (let i = 0; i < n; i++) sum.add(values[i]);
  const mean = sum.value() / n;
  const squares = new CompensatedSum();
  for (let i = 0; i < n; i++) squares.add((values[i] - mean) ** 2);
  return [mean, squares.value()];
}
