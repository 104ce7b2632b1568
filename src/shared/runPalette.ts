// One color per run, the same in every chart of a panel: the theme's chart colors first, then
// further hues spread by the golden angle, so any number of runs stay distinguishable and a run's
// color depends only on its position, never on chance.

const GOLDEN_ANGLE = 137.508;

/** The color of run number `index`: `base[index]` while the theme's colors last, then generated hues. */
export function runColor(index: number, base: readonly string[], dark = true): string {
  if (index < base.length) return base[index];
  const k = index - base.length;
  const hue = (20 + k * GOLDEN_ANGLE) % 360;
  // Alternate lightness a little so neighbouring hues differ in brightness too.
  const light = (dark ? 62 : 42) + (k % 3) * (dark ? 6 : -5);
  return `hsl(${hue.toFixed(1)}, 70%, ${light}%)`;
}

export function runColors(count: number, base: readonly string[], dark = true): string[] {
  return Array.from({ length: count }, (_, i) => runColor(i, base, dark));
}
