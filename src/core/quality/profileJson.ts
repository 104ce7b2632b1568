// A profile as JSON and back. JSON has no Infinity or NaN (JSON.stringify writes null, which means
// "no value"): they are written as the strings metrics use ("Infinity", "-Infinity", "NaN").
import { fromWire, isWireWord, toWire, type WireNumber } from '../../shared/metricsData';
import type { TableProfile } from '../../shared/profileTypes';

const wire = (_key: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? toWire(v) : v);

/** JSON.stringify that writes non-finite numbers as "Infinity", "-Infinity" or "NaN". */
export function toJsonText(value: unknown, space?: number): string {
  return JSON.stringify(value, wire, space);
}

const back = <T>(v: T | WireNumber): T | number => (isWireWord(v) ? fromWire(v) : v);

/** A profile written by toJsonText: its non-finite figures read back as numbers, texts as written. */
export function parseProfileJson(text: string): TableProfile {
  const profile = JSON.parse(text) as TableProfile;
  for (const c of profile.columns) {
    // Numeric figures (or a datetime's ISO text, never one of the three words).
    c.min = back(c.min);
    c.max = back(c.max);
    c.mean = back(c.mean);
    c.std = back(c.std);
    c.stdSample = back(c.stdSample);
    if (c.quantiles) for (const q of Object.keys(c.quantiles) as (keyof typeof c.quantiles)[]) c.quantiles[q] = back(c.quantiles[q]);
    if (c.histogram) c.histogram.edges = c.histogram.edges.map(back);
    // A numeric column's top values are numbers; a string column's "Infinity" stays text.
    if (c.type === 'integer' || c.type === 'float') for (const t of c.top) t.value = back(t.value);
  }
  return profile;
}
