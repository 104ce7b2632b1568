// Integer helpers the exact null distributions share, with numpy's rounding where scipy relies on it.

export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** numpy.round: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** numpy's floor_divide for doubles: fmod-based, so an exact quotient is not pushed down by rounding. */
export function floorDivide(a: number, b: number): number {
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  let floor = Math.floor(div);
  if (div - floor > 0.5) floor += 1;
  return floor;
}
