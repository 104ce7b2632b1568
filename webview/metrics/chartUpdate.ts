// What a live chart must do to show the series it is handed, given what it drew last: insert only
// the points that arrived since (the common case while a run logs), reset its data when a series was
// replaced or a run left, or build the view again when the chart's shape changed (axis, smoothing,
// scale, colors, time unit, band, tooltips). Inserting keeps a redraw's cost to the new points.
import type { SeriesColumns } from './seriesData';

/** One run as drawn: the columns object it was drawn from, and how many of its points were drawn. */
export interface DrawnRun {
  cols: SeriesColumns;
  count: number;
}

export interface Drawn {
  /** Everything but the data that the view was built from (see chartShape). */
  shape: string;
  runs: Map<string, DrawnRun>;
}

export type ChartUpdate =
  | { kind: 'build' }
  | { kind: 'reset' }
  /** Per run shown, the index of its first point not drawn yet. */
  | { kind: 'insert'; from: Map<string, number> }
  | { kind: 'none' };

/**
 * The cheapest update from `drawn` to `shown` (the runs shown, in order, with their columns). A
 * series the webview replaced (a new columns object) or shortened, or a run no longer shown, resets
 * the data; a run new to the chart is inserted whole.
 */
export function planUpdate(drawn: Drawn | undefined, shape: string, shown: ReadonlyMap<string, SeriesColumns>): ChartUpdate {
  if (!drawn || drawn.shape !== shape) return { kind: 'build' };
  for (const id of drawn.runs.keys()) if (!shown.has(id)) return { kind: 'reset' };
  const from = new Map<string, number>();
  let added = false;
  for (const [id, cols] of shown) {
    const had = drawn.runs.get(id);
    if (had && (had.cols !== cols || cols.step.length < had.count)) return { kind: 'reset' };
    const start = had ? had.count : 0;
    from.set(id, start);
    if (cols.step.length > start) added = true;
  }
  return added ? { kind: 'insert', from } : { kind: 'none' };
}

/** What was drawn once `shown` is: each run's columns and point count. */
export function drawnAfter(shape: string, shown: ReadonlyMap<string, SeriesColumns>): Drawn {
  return { shape, runs: new Map([...shown].map(([id, cols]) => [id, { cols, count: cols.step.length }])) };
}
