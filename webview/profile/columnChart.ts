// resolution-mode: vega-lite is ESM-only, and the unit tests type-check this file as CommonJS.
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import type { ProfileColumnView } from '../../src/shared/profileData';
import { isNumericColumn } from './figures';
import { histogramSpec } from './histogramSpec';
import { topSpec } from './topSpec';

/**
 * The chart a column gets, if any: numbers a histogram, strings and booleans their top values, unless
 * no value repeats (an id column: twenty bars of 1 say nothing).
 */
export function chartOf(col: ProfileColumnView, subjects: readonly string[], colors: readonly string[]): { kind: 'histogram' | 'top'; spec: TopLevelSpec } | undefined {
  const sides = col.sides.filter((s) => s !== null);
  if (col.histogram && sides.some(isNumericColumn)) return { kind: 'histogram', spec: histogramSpec(col.histogram, subjects, colors) };
  const repeats = col.top.some((t) => t.counts.some((c) => c !== null && c > 1));
  if (repeats && sides.some((s) => s.type === 'string' || s.type === 'boolean')) return { kind: 'top', spec: topSpec(col.top, subjects, colors) };
  return undefined;
}
