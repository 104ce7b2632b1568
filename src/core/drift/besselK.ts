// The modified Bessel function of the second kind K_nu(x) for real order and x > 0, which the
// Cramér-von Mises limiting distribution needs at order 1/4 (no maintained npm package provides
// fractional orders). It is the integral of exp(-x cosh t) cosh(nu t) over t >= 0; the integrand is
// analytic and decays double-exponentially, so the trapezoid rule converges geometrically in the
// step and is exact to double precision at the step used here.

const STEP = 1 / 32;

export function besselK(nu: number, x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  let sum = Math.exp(-x) / 2; // t = 0, half weight
  for (let i = 1; ; i++) {
    const t = i * STEP;
    const term = Math.exp(-x * Math.cosh(t)) * Math.cosh(nu * t);
    sum += term;
    if (term < 1e-18 * sum && x * Math.cosh(t) > 1) break;
  }
  return sum * STEP;
}
