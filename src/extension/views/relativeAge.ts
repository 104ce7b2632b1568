// Relative ages as the trees show them ("just now", "5m ago"), and when such a label next changes, so
// a view redraws exactly when its youngest age would go stale instead of polling. Nothing counts
// seconds: a tree redrawn every second drops the command of a context menu opened on it.

const SECOND = 1000;
/** Where the unit changes: "just now" below a minute, minutes below an hour, hours below a day. */
const UNITS = [
  { below: 60, size: 60, suffix: '' },
  { below: 3600, size: 60, suffix: 'm' },
  { below: 86_400, size: 3600, suffix: 'h' },
  { below: Infinity, size: 86_400, suffix: 'd' },
];

const secondsSince = (ms: number, now: number) => Math.max(0, Math.round((now - ms) / SECOND));

export function formatAge(ms: number, now = Date.now()): string {
  const s = secondsSince(ms, now);
  const unit = UNITS.find((u) => s < u.below)!;
  return unit.suffix ? `${Math.floor(s / unit.size)}${unit.suffix} ago` : 'just now';
}

/** The first moment after `now` at which formatAge(ms) reads differently (a time in the future for a future `ms` too). */
export function ageChangesAt(ms: number, now = Date.now()): number {
  const s = secondsSince(ms, now);
  const unit = UNITS.find((u) => s < u.below)!;
  const next = (Math.floor(s / unit.size) + 1) * unit.size;
  // formatAge rounds to the nearest second, so `next` seconds are shown from half a second before.
  return Math.max(now + 1, ms + (next - 0.5) * SECOND);
}
