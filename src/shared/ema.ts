// Exponential moving average as TensorBoard draws it: debiased, so the first points are not pulled
// toward zero, and blind to non-finite values (a NaN gap stays a gap, it does not poison the rest).

/** Smooths `values` with weight `w` in [0, 1); w = 0 returns the values unchanged. */
export function ema(values: readonly number[], w: number): number[] {
  const weight = Math.min(Math.max(w, 0), 0.999);
  if (weight === 0) return values.slice();
  const out = new Array<number>(values.length);
  let acc = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    acc = acc * weight + (1 - weight) * v;
    n++;
    out[i] = acc / (1 - Math.pow(weight, n));
  }
  return out;
}
