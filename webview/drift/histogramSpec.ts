// resolution-mode: vega-lite is ESM-only, and the unit tests type-check this file as CommonJS.
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import type { DriftHistogram } from '../../src/shared/driftData';

/** The report's sides, and what the charts call them: the batch is what a user checks. */
const SIDES = ['reference', 'current'] as const;
export const SIDE_LABELS = ['reference', 'batch'] as const;

export interface DriftHistogramRow {
  side: (typeof SIDE_LABELS)[number];
  /** Numeric bins: the bin's edges; categories: its name. */
  start?: number;
  end?: number;
  category?: string;
  count: number;
  /** The bin's share of its side's values: the two sides differ in size, so shares are what compare. */
  share: number;
}

/** One row per bin (or category) and side. A side with no values has shares of 0. */
export function driftHistogramRows(hist: DriftHistogram): DriftHistogramRow[] {
  return SIDES.flatMap((key, s) => {
    const side = SIDE_LABELS[s];
    const counts = hist[key];
    const total = counts.reduce((s, x) => s + x, 0);
    return counts.map((count, i) => ({
      side,
      ...(hist.edges ? { start: hist.edges[i], end: hist.edges[i + 1] } : { category: hist.categories![i] }),
      count,
      share: total ? count / total : 0,
    }));
  });
}

const tooltip = (first: { field: string; title: string; format?: string }[]) => [
  { field: 'side', title: 'side' },
  ...first,
  { field: 'share', title: 'share', format: '.2%' },
  { field: 'count', title: 'count', format: ',d' },
];

/**
 * Reference and batch overlaid on the same bins, as shares of each side. Numeric: the reference
 * filled, the batch translucent inside an outline of its color, so both stay readable where they
 * coincide. Categorical: the two bars of a category side by side, in the histogram's category order.
 */
export function driftHistogramSpec(hist: DriftHistogram, colors: readonly [string, string]): TopLevelSpec {
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 150,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: driftHistogramRows(hist) },
  } as const;
  const color = { field: 'side', type: 'nominal', scale: { domain: [...SIDE_LABELS], range: [...colors] }, legend: { orient: 'top', title: null } } as const;
  const y = { field: 'share', type: 'quantitative', stack: null, title: 'share', axis: { format: '.0%', tickCount: 3 } } as const;
  if (hist.edges) {
    const edges = hist.edges;
    return {
      ...base,
      encoding: {
        x: { field: 'start', type: 'quantitative', bin: { binned: true }, title: null, axis: { tickCount: 5, labelFlush: true }, scale: { domain: [edges[0], edges[edges.length - 1]], nice: false } },
        x2: { field: 'end' },
        y,
        color,
        tooltip: tooltip([
          { field: 'start', title: 'from', format: '.4~g' },
          { field: 'end', title: 'to', format: '.4~g' },
        ]),
      },
      layer: [
        { transform: [{ filter: { field: 'side', equal: 'reference' } }], mark: { type: 'bar', opacity: 0.6, binSpacing: 1 } },
        // Empty bins are left out of the outlined side: an outline of height 0 would draw over the axis.
        { transform: [{ filter: { field: 'side', equal: 'batch' } }, { filter: 'datum.count > 0' }], mark: { type: 'bar', fillOpacity: 0.3, stroke: colors[1], strokeWidth: 1.5, binSpacing: 1 } },
      ],
    };
  }
  return {
    ...base,
    mark: { type: 'bar', opacity: 0.85 },
    encoding: {
      x: { field: 'category', type: 'nominal', sort: hist.categories, title: null, axis: { labelLimit: 120, labelAngle: -30 } },
      xOffset: { field: 'side', type: 'nominal', sort: [...SIDE_LABELS] },
      y,
      color,
      tooltip: tooltip([{ field: 'category', title: 'category' }]),
    },
  };
}
