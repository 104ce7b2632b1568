// Mean and sum of squared deviations of a sample, in numpy's two passes (mean first, then the
// deviations from it), which is what numpy.std and numpy.var compute and so what scipy's tests use.

export function meanAndSumOfSquares(values: Float64Array): [mean: number, sumOfSquares: number] {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return [mean, squares];
}
