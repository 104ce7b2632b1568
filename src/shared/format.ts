// Formatting shared by the extension's views and the webviews.
import type { ParamValue } from './compareData';

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
