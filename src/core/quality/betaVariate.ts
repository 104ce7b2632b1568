// Random variates a reservoir sample needs to start part-way through a stream (see NumericSample).

/** A standard normal variate (Box-Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, 1) variate for shape >= 1 (Marsaglia and Tsang, 2000). */
export function gammaVariate(shape: number, random: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(1 - random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(a, b) variate for a, b >= 1: the a-th smallest of a + b - 1 uniforms is distributed so. */
export function betaVariate(a: number, b: number, random: () => number): number {
  const x = gammaVariate(a, random);
  return x / (x + gammaVariate(b, random));
}
