// The Vega-Lite spec of one metric chart: the runs overlaid, raw line (faint when smoothed), EMA
// line, and the min/max band where points were merged by downsampling.
// resolution-mode: vega-lite is ESM-only, and the unit tests type-check this file as CommonJS.
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { ema } from '../../src/shared/ema';
import type { MetricsRun, MetricsXAxis } from '../../src/shared/metricsData';
import { runLabel } from '../../src/shared/metricsData';
import type { SeriesColumns } from './seriesData';

export interface ChartOptions {
  xAxis: MetricsXAxis;
  smoothing: number;
  logScale: boolean;
}

export interface ChartRow {
  run: string;
  label: string;
  x: number;
  y: number | null;
  s: number | null;
  lo: number | null;
  hi: number | null;
}

const TOOLTIP_MAX_ROWS = 12_000;

interface TimeUnit {
  ms: number;
  name: string;
}

/** Relative time in the unit that keeps its labels short. */
export function relativeUnit(maxMs: number): TimeUnit {
  if (maxMs >= 2 * 3_600_000) return { ms: 3_600_000, name: 'h' };
  if (maxMs >= 2 * 60_000) return { ms: 60_000, name: 'min' };
  return { ms: 1000, name: 's' };
}

/** What the chart can draw: non-finite values, and non-positive ones on a log scale, become gaps. */
function drawable(v: number | undefined, log: boolean): number | null {
  return v !== undefined && Number.isFinite(v) && (!log || v > 0) ? v : null;
}

export function chartRows(runs: readonly MetricsRun[], series: Map<string, SeriesColumns>, opts: ChartOptions): { rows: ChartRow[]; unit: TimeUnit; hidden: number } {
  const unit = seriesUnit(series);
  const rows: ChartRow[] = [];
  let hidden = 0;
  for (const run of runs) {
    const cols = series.get(run.id);
    if (!cols) continue;
    hidden += runRows(run, cols, opts, unit, 0, rows);
  }
  return { rows, unit, hidden };
}

/** The time unit of relative x: from the longest series. */
export function seriesUnit(series: ReadonlyMap<string, SeriesColumns>): TimeUnit {
  let maxRel = 0;
  for (const cols of series.values()) maxRel = Math.max(maxRel, cols.relative[cols.relative.length - 1] ?? 0);
  return relativeUnit(maxRel);
}

/**
 * Appends one run's rows from point `from` on to `out` (smoothing still runs from the first point,
 * so a row drawn now has the value it would have in a whole redraw); returns how many of its
 * values cannot be drawn (infinite, or not positive on a log scale), over all its points.
 */
export function runRows(run: MetricsRun, cols: SeriesColumns, opts: ChartOptions, unit: TimeUnit, from: number, out: ChartRow[]): number {
  const smoothed = opts.smoothing > 0 ? ema(cols.value, opts.smoothing) : cols.value;
  const label = runLabel(run);
  let hidden = 0;
  for (let i = 0; i < cols.step.length; i++) {
    const y = drawable(cols.value[i], opts.logScale);
    if (y === null && !Number.isNaN(cols.value[i])) hidden++;
    if (i < from) continue;
    const x = opts.xAxis === 'step' ? cols.step[i] : opts.xAxis === 'wall' ? cols.timestamp[i] : cols.relative[i] / unit.ms;
    out.push({ run: run.id, label, x, y, s: drawable(smoothed[i], opts.logScale), lo: drawable(cols.lo[i], opts.logScale), hi: drawable(cols.hi[i], opts.logScale) });
  }
  return hidden;
}

/** Whether any point stands for merged points (a min-max band to draw). */
export function hasBand(series: ReadonlyMap<string, SeriesColumns>, opts: ChartOptions): boolean {
  for (const cols of series.values()) {
    for (let i = 0; i < cols.lo.length; i++) {
      const lo = drawable(cols.lo[i], opts.logScale);
      const hi = drawable(cols.hi[i], opts.logScale);
      if (lo !== null && hi !== null && hi > lo) return true;
    }
  }
  return false;
}

/** The layers a chart has, beside its options: the band, and tooltips (for few enough points). */
export interface ChartLayout {
  band: boolean;
  tooltip: boolean;
}

/** The dataset a live chart's view reads, filled and grown through changesets. */
export const LIVE_DATA = 'points';

export function chartSpec(key: string, rows: ChartRow[], unit: TimeUnit, runIds: string[], colors: string[], opts: ChartOptions): TopLevelSpec {
  const band = rows.some((r) => r.lo !== null && r.hi !== null && r.hi > r.lo);
  return layeredSpec(key, { values: rows }, { band, tooltip: rows.length <= TOOLTIP_MAX_ROWS }, unit, runIds, colors, opts);
}

/**
 * The chart without its rows: the view's LIVE_DATA dataset holds them, inserted as they come.
 * Without ARIA descriptions: Vega-Lite gives every point of a line one, evaluated through the
 * interpreter at each redraw (two thirds of a redraw's time), and a canvas shows none of them; the
 * chart is described as a whole by its container (role img, aria-label).
 */
export function liveChartSpec(key: string, layout: ChartLayout, unit: TimeUnit, runIds: string[], colors: string[], opts: ChartOptions): TopLevelSpec {
  return { ...layeredSpec(key, { name: LIVE_DATA }, layout, unit, runIds, colors, opts), config: { aria: false } };
}

/** Whether a chart of this many points gets tooltips. */
export const tooltipsFor = (points: number) => points <= TOOLTIP_MAX_ROWS;

function layeredSpec(key: string, data: { values: ChartRow[] } | { name: string }, layout: ChartLayout, unit: TimeUnit, runIds: string[], colors: string[], opts: ChartOptions): TopLevelSpec {
  const xTitle = opts.xAxis === 'step' ? 'step' : opts.xAxis === 'wall' ? 'time' : `relative time (${unit.name})`;
  const x = { field: 'x', type: opts.xAxis === 'wall' ? ('temporal' as const) : ('quantitative' as const), title: xTitle, axis: { labelOverlap: true, grid: false } };
  const color = { field: 'run', type: 'nominal' as const, scale: { domain: runIds, range: colors }, legend: null };
  const y = { type: 'quantitative' as const, title: null, scale: { type: opts.logScale ? ('log' as const) : ('linear' as const), zero: false, nice: !opts.logScale } };
  const tooltip = [
    { field: 'label', title: 'run' },
    { field: 'x', title: xTitle, type: x.type, ...(opts.xAxis === 'wall' ? { format: '%Y-%m-%d %H:%M:%S' } : {}) },
    { field: 'y', title: key, type: 'quantitative' as const },
    ...(opts.smoothing > 0 ? [{ field: 's', title: 'smoothed', type: 'quantitative' as const, format: '.4~g' }] : []),
  ];
  const smoothed = opts.smoothing > 0;
  // Vega evaluates tooltips per point through its interpreter: affordable for a few runs only.
  const withTooltip = layout.tooltip;
  const merged = layout.band;
  const band = {
    mark: { type: 'area' as const, opacity: 0.18, interpolate: 'linear' as const, invalid: 'break-paths-show-domains' as const },
    encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color, detail: { field: 'run' } },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 220,
    autosize: { type: 'fit-x', contains: 'padding' },
    data,
    layer: [
      ...(merged ? [band] : []),
      {
        // Zoom and pan along x (drag, wheel); double-click resets.
        params: [{ name: 'zoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }],
        mark: { type: 'line', strokeWidth: smoothed ? 1 : 1.5, opacity: smoothed ? 0.3 : 1, invalid: 'break-paths-show-domains' },
        encoding: { x, y: { ...y, field: 'y' }, color, detail: { field: 'run' }, ...(withTooltip && !smoothed ? { tooltip } : {}) },
      },
      ...(smoothed
        ? [{ mark: { type: 'line' as const, strokeWidth: 1.8, invalid: 'break-paths-show-domains' as const }, encoding: { x, y: { ...y, field: 's' }, color, detail: { field: 'run' }, ...(withTooltip ? { tooltip } : {}) } }]
        : []),
    ],
  };
}

/**
 * The chart as a standalone image: fixed size, titled with the key, and a legend naming each shown
 * run, since an exported file has no panel around it.
 */
export function exportSpec(key: string, rows: ChartRow[], unit: TimeUnit, runs: readonly MetricsRun[], colors: string[], opts: ChartOptions): TopLevelSpec {
  const spec = chartSpec(key, rows, unit, runs.map((r) => r.id), colors, opts) as TopLevelSpec & { layer: { encoding: Record<string, unknown> }[] };
  const color = {
    field: 'label',
    type: 'nominal',
    title: null,
    scale: { domain: runs.map(runLabel), range: colors },
    legend: { orient: 'bottom', columns: Math.min(3, runs.length), labelLimit: 260, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3 },
  };
  for (const layer of spec.layer) layer.encoding.color = color;
  return { ...spec, width: 800, height: 320, autosize: { type: 'pad' }, title: { text: key, anchor: 'start' } };
}
