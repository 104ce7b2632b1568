// Binary log loss as scikit-learn 1.9's log_loss computes it from one column of positive-class
// probabilities: each row's pair (1 - p, p) is clipped to [eps, 1 - eps] (eps the float64 machine
// epsilon), so a confident wrong answer costs -ln(eps) ~ 36.04 rather than infinity.

const EPS = Number.EPSILON;

function clipped(p: number): number {
  return Math.min(Math.max(p, EPS), 1 - EPS);
}

/** Mean negative log-likelihood; `positive[i]` is 1 or 0, `probability[i]` in [0, 1]. */
export function logLoss(positive: Float64Array, probability: Float64Array): number {
  const n = positive.length;
  if (probability.length !== n) throw new Error(`logLoss: ${n} labels but ${probability.length} probabilities`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = probability[i];
    if (!(p >= 0 && p <= 1)) throw new Error(`logLoss: probability ${p} at position ${i} is outside [0, 1]`);
    const y = positive[i];
    if (y !== 0) sum -= y * Math.log(clipped(p));
    if (y !== 1) sum -= (1 - y) * Math.log(clipped(1 - p));
  }
  return sum / n;
}
