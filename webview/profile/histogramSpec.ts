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
 * A histogram over precomputed bins. With two subjects both are drawn on the same bins, unstacked:
 * the first filled, the second translucent inside an outline of its color, so where the two coincide
 * the first still shows through and the second's edges still show on top.
 */
export function histogramSpec(h: NonNullable<ProfileColumnView['histogram']>, subjects: readonly string[], colors: readonly string[]): TopLevelSpec {
  const overlaid = subjects.length > 1;
  const [first, second] = subjects;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 140,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: histogramRows(h, subjects) },
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
    ...(!overlaid
      ? { mark: { type: 'bar', opacity: 0.9, binSpacing: 1 } }
      : {
          layer: [
            { transform: [{ filter: { field: 'subject', equal: first } }], mark: { type: 'bar', opacity: 0.6, binSpacing: 1 } },
            // Empty bins are left out of the outlined side: an outline of height 0 would draw over the axis.
            {
              transform: [{ filter: { field: 'subject', equal: second } }, { filter: 'datum.count > 0' }],
              mark: { type: 'bar', fillOpacity: 0.3, stroke: colors[1], strokeWidth: 1.5, binSpacing: 1 },
            },
          ],
        }),
  };
}
