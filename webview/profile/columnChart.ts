// resolution-mode: vega-lite is ESM-only, and the unit tests type-check this file as CommonJS.
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import type { ProfileColumnView } from '../../src/shared/profileData';
import { isNumericColumn } from './figures';
import { histogramSpec } from './histogramSpec';
import { topSpec } from './topSpec';

/**
 * The chart a column gets, if any: numbers a histogram, strings and booleans their top values, unless
 * no value repeats (an id column: twenty bars of 1 say nothing). Numbers binned into fewer than three
 * bins (a 0/1 column: numpy's integer bins are at least 1 wide) show their values' counts instead.
 */
export function chartOf(col: ProfileColumnView, subjects: readonly string[], colors: readonly string[]): { kind: 'histogram' | 'top'; spec: TopLevelSpec } | undefined {
  const sides = col.sides.filter((s) => s !== null);
  const repeats = col.top.some((t) => t.counts.some((c) => c !== null && c > 1));
  const numeric = sides.some(isNumericColumn);
  // A histogram that could not be built: the card says why (histogramNote) where the chart would be.
  if (numeric && !col.histogram && sides.some((s) => s.histogramNote)) return undefined;
  if (numeric && col.histogram && (col.histogram.edges.length > 3 || !repeats)) return { kind: 'histogram', spec: histogramSpec(col.histogram, subjects, colors) };
  if (repeats && (numeric || sides.some((s) => s.type === 'string' || s.type === 'boolean'))) return { kind: 'top', spec: topSpec(col.top, subjects, colors) };
  return undefined;
}
