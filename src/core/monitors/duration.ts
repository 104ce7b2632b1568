// Durations as mlops.json and the CLI write them ("30m", "6h", "1d"): the alert cooldown and
// `mlops alerts snooze --until 2h`.

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export class DurationError extends Error {}

/** Milliseconds of "90s", "30m", "6h", "1.5d", "2w"; a DurationError naming `field` otherwise. */
export function parseDuration(text: string, field = 'duration'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/.exec(text);
  if (!m) throw new DurationError(`${field} "${text}" is not a duration: write a number and a unit, s, m, h, d or w (e.g. "30m", "6h", "1d").`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2]]);
}
