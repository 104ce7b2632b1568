// The PSI zero-fill: an empty bin would make ln(r / c) infinite, so each side's zero shares are
// replaced on their own by a small share, as DESIGN.md defines it (the rule Evidently applies).

const FILL = 0.0001;

/**
 * A copy of `shares` with every zero replaced by 0.0001, or, when the smallest non-zero share is
 * itself <= 0.0001, by that share / 1e6 (so the fill stays far below every real share). Shares
 * that are all zero (an empty side) are returned unchanged: there is nothing to fill against.
 */
export function zeroFill(shares: Float64Array): Float64Array {
  let smallest = Infinity;
  for (const share of shares) if (share !== 0 && share < smallest) smallest = share;
  if (smallest === Infinity) return shares.slice();
  const fill = smallest <= FILL ? smallest / 10 ** 6 : FILL;
  return shares.map((share) => (share === 0 ? fill : share));
}
