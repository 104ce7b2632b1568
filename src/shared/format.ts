// Formatting shared by the extension's views and the webviews.
import type { ParamValue } from './compareData';

/** 512 B, 4.2 KB, 38 MB (binary units, as file managers show sizes). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let n = bytes / 1024;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}

/** 850 ms, 12.3 s, 4m 05s, 2h 03m. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/**
 * A number for humans: `digits` significant digits (4 for a glance, 8 where float noise must not
 * look like a difference), integers whole, NaN and infinities spelled out.
 */
export function formatNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}

/** Decimal places a formatNumber text shows: 2 for "21.88", 0 for "12350", 10 for "1.234e-7". */
function shownDecimals(text: string): number {
  const [mantissa, exponent = '0'] = text.split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - Number(exponent));
}

/**
 * The size of the change from `a` to `b` (unsigned: the caller writes the sign), at the precision the
 * two figures are shown with: between 21.88 and 21.98 it is 0.1, not 0.0999 or 0.09999999999999787.
 * A change finer than both figures (they show alike) keeps its own `digits` significant digits.
 */
export function formatDifference(a: number, b: number, digits = 4): string {
  const d = Math.abs(b - a);
  if (!Number.isFinite(d)) return formatNumber(d, digits);
  const places = Math.min(100, Math.max(shownDecimals(formatNumber(a, digits)), shownDecimals(formatNumber(b, digits))));
  const rounded = Number(d.toFixed(places));
  return formatNumber(rounded === 0 ? d : rounded, digits);
}

/**
 * A compared param or metric value as the Compare panel and `mlops runs compare` both show it:
 * 6 significant digits, text as it is, "—" where the run has no value. A MetricValue is a
 * ParamValue too (a number, or "NaN" and the infinities spelled out).
 */
export function formatCompareValue(v: ParamValue | undefined): string {
  if (v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v, 6);
  return v === null ? 'null' : String(v);
}
