// Array helpers for inputs of any length. A spread into a call (`Math.max(...xs)`, `a.push(...xs)`)
// passes each element as an argument on the stack and throws RangeError past about 120,000.

/** The largest value as Math.max gives it (NaN if any is NaN), or `empty` when there is none. */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let m: number | undefined;
  for (const v of values) m = m === undefined ? v : Math.max(m, v);
  return m ?? empty;
}

/** The smallest value as Math.min gives it (NaN if any is NaN), or `empty` when there is none. */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let m: number | undefined;
  for (const v of values) m = m === undefined ? v : Math.min(m, v);
  return m ?? empty;
}

/** Appends every item to `target` in place. */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
  return target;
}
