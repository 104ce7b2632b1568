// resolution-mode: vega-lite is ESM-only, and the unit tests type-check this file as CommonJS.
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import type { ProfileColumnView } from '../../src/shared/profileData';

export interface HistogramRow {
  subject: string;
  start: number;
  end: number;
  count: number;
}

/** One row per bin and subject; bins are shared, so two subjects' bars overlay exactly. */
export function histogramRows(h: NonNullable<ProfileColumnView['histogram']>, subjects: readonly string[]): HistogramRow[] {
  return h.counts.flatMap((counts, s) => counts.map((count, i) => ({ subject: subjects[s], start: h.edges[i], end: h.edges[i + 1], count })));
}

/**
 * A histogram over precomputed bins; with two subjects both are drawn on the same bins, translucent
 * and unstacked, so where they differ shows as one color.
 */
export function histogramSpec(h: NonNullable<ProfileColumnView['histogram']>, subjects: readonly string[], colors: readonly string[]): TopLevelSpec {
  const overlaid = subjects.length > 1;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 140,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: histogramRows(h, subjects) },
    mark: { type: 'bar', opacity: overlaid ? 0.55 : 0.9, binSpacing: 1 },
    encoding: {
      x: { field: 'start', type: 'quantitative', bin: { binned: true }, title: null, axis: { tickCount: 5, labelFlush: true }, scale: { domain: [h.edges[0], h.edges[h.edges.length - 1]], nice: false } },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', stack: null, title: null, axis: { tickCount: 3 } },
      color: { field: 'subject', type: 'nominal', scale: { domain: [...subjects], range: colors.slice(0, subjects.length) }, legend: overlaid ? { orient: 'top', title: null, labelLimit: 220 } : null },
      tooltip: [
        { field: 'subject', title: 'profile' },
        { field: 'start', title: 'from', format: '.4~g' },
        { field: 'end', title: 'to', format: '.4~g' },
        { field: 'count', title: 'count', format: ',.4~r' },
      ],
    },
  };
}
