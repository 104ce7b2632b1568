// The Vega spec of one metric chart: the runs overlaid, raw line (faint when smoothed), EMA line, and
// the min/max band where points were merged by downsampling.
import type { Legend, Mark, Signal, Spec } from 'vega';
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

/** The dataset a chart's view reads: a live chart's is filled and grown through changesets, an export's given whole. */
export const LIVE_DATA = 'points';

/**
 * The chart without its rows: the view's LIVE_DATA dataset holds them, inserted as they come.
 * Without ARIA descriptions: one per point would be evaluated through the interpreter at each redraw,
 * and a canvas shows none of them; the chart is described as a whole by its container (role img,
 * aria-label).
 */
export function liveChartSpec(key: string, layout: ChartLayout, unit: TimeUnit, runIds: string[], colors: string[], opts: ChartOptions): Spec {
  return layeredSpec(key, undefined, layout, unit, { field: 'run', domain: runIds, range: colors }, opts, false);
}

/** Whether a chart of this many points gets tooltips. */
export const tooltipsFor = (points: number) => points <= TOOLTIP_MAX_ROWS;

/** Which row field colors the lines, and its colors: run ids in the panel, run labels in an export (its legend names them). */
interface ColorBy {
  field: 'run' | 'label';
  domain: string[];
  range: string[];
}

/** Where a layer's line or band can be drawn: it breaks where a value is missing (the x domain still spans it). */
const definedAt = (field: string) => ({ signal: `isValid(datum.x) && isFinite(+datum.x) && isValid(datum.${field}) && isFinite(+datum.${field})` });

/**
 * The chart as Vega (written directly, not compiled from Vega-Lite: the panel's bundle then leaves
 * out Vega-Lite's compiler, a third of it, and the panel starts sooner). One line per run, raw faint
 * behind the EMA when smoothed, the min-max band where points were merged, drag/wheel zoom along x
 * and double-click to reset.
 */
function layeredSpec(key: string, rows: ChartRow[] | undefined, layout: ChartLayout, unit: TimeUnit, color: ColorBy, opts: ChartOptions, described: boolean): Spec {
  const wall = opts.xAxis === 'wall';
  const xTitle = opts.xAxis === 'step' ? 'step' : wall ? 'time' : `relative time (${unit.name})`;
  const smoothed = opts.smoothing > 0;
  const str = JSON.stringify;
  const xText = wall ? `timeFormat(datum.x, '%Y-%m-%d %H:%M:%S')` : `format(datum.x, '')`;
  const tooltip = {
    signal: `{${[`'run': datum.label`, `${str(xTitle)}: ${xText}`, `${str(key)}: format(datum.y, '')`, ...(smoothed ? [`'smoothed': format(datum.s, '.4~g')`] : [])].join(', ')}}`,
  };
  // An exported SVG is read outside the panel: each point says what it is.
  const description = { signal: `${str(`${xTitle}: `)} + ${xText} + ${str(`; ${key}: `)} + format(datum.y, '') + '; run: ' + datum.label` };
  const line = (name: string, field: string, strokeWidth: number, opacity: number, withTooltip: boolean): Mark =>
    perRun(name, color.field, {
      type: 'line',
      interactive: withTooltip,
      encode: {
        update: {
          opacity: { value: opacity },
          strokeWidth: { value: strokeWidth },
          stroke: { scale: 'color', field: color.field },
          x: { scale: 'x', field: 'x' },
          y: { scale: 'y', field },
          defined: definedAt(field),
          ...(withTooltip ? { tooltip } : {}),
          ...(described ? { description } : {}),
        },
      },
    });
  const band: Mark = perRun('band', color.field, {
    type: 'area',
    interactive: false,
    encode: {
      update: {
        opacity: { value: 0.18 },
        interpolate: { value: 'linear' },
        orient: { value: 'vertical' },
        fill: { scale: 'color', field: color.field },
        x: { scale: 'x', field: 'x' },
        y: { scale: 'y', field: 'lo' },
        y2: { scale: 'y', field: 'hi' },
        defined: definedAt('lo'),
      },
    },
  });
  const marks: Mark[] = [
    ...(layout.band ? [band] : []),
    line('raw', 'y', smoothed ? 1 : 1.5, smoothed ? 0.3 : 1, layout.tooltip && !smoothed),
    ...(smoothed ? [line('smoothed', 's', 1.8, 1, layout.tooltip)] : []),
  ];
  const yFields = [...(layout.band ? ['lo', 'hi'] : []), 'y', ...(smoothed ? ['s'] : [])];
  const log = opts.logScale;
  const tickCount = (size: string) => (log ? {} : { tickCount: { signal: `ceil(${size}/40)` } });
  const aria = described ? {} : { aria: false };
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    padding: 5,
    height: 220,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: [rows ? { name: LIVE_DATA, values: rows } : { name: LIVE_DATA }],
    signals: [
      { name: 'width', init: 'isFinite(containerSize()[0]) ? containerSize()[0] : 300', on: [{ events: 'window:resize', update: 'isFinite(containerSize()[0]) ? containerSize()[0] : 300' }] },
      ...zoomSignals,
    ],
    scales: [
      wall
        ? { name: 'x', type: 'time', domain: { data: LIVE_DATA, field: 'x' }, domainRaw: { signal: 'xdom' }, range: [0, { signal: 'width' }] }
        : { name: 'x', type: 'linear', domain: { data: LIVE_DATA, field: 'x' }, domainRaw: { signal: 'xdom' }, range: [0, { signal: 'width' }], nice: true, zero: false },
      log
        ? { name: 'y', type: 'log', domain: { data: LIVE_DATA, fields: yFields }, range: [{ signal: 'height' }, 0], nice: false }
        : { name: 'y', type: 'linear', domain: { data: LIVE_DATA, fields: yFields }, range: [{ signal: 'height' }, 0], nice: true, zero: false },
      { name: 'color', type: 'ordinal', domain: color.domain, range: color.range },
    ],
    axes: [
      { scale: 'y', orient: 'left', gridScale: 'x', grid: true, ...tickCount('height'), domain: false, labels: false, aria: false, maxExtent: 0, minExtent: 0, ticks: false, zindex: 0 },
      { scale: 'x', orient: 'bottom', grid: false, title: xTitle, labelOverlap: true, labelFlush: true, tickCount: { signal: 'ceil(width/40)' }, zindex: 0, ...aria },
      { scale: 'y', orient: 'left', grid: false, labelOverlap: log ? 'greedy' : true, ...tickCount('height'), zindex: 0, ...aria },
    ],
    marks: marks.map((m) => ({ ...m, ...aria })),
  };
}

/** One mark per run (a Vega facet): each run's line or band is drawn apart and breaks on its own gaps. */
function perRun(name: string, field: string, mark: Mark): Mark {
  return {
    name: `${name}-runs`,
    type: 'group',
    from: { facet: { name: `${name}-run`, data: LIVE_DATA, groupby: field } },
    encode: { update: { width: { field: { group: 'width' } }, height: { field: { group: 'height' } } } },
    marks: [{ ...mark, name, clip: true, sort: { field: 'x' }, from: { data: `${name}-run` } }],
  };
}

/**
 * Zoom and pan along x: drag pans, the wheel zooms about the pointer, double-click resets (xdom null:
 * the data's extent). The same signals Vega-Lite's `bind: 'scales'` interval compiles to.
 */
const zoomSignals: Signal[] = [
  {
    name: 'xdom',
    value: null,
    on: [
      { events: { source: 'view', type: 'dblclick' }, update: 'null' },
      { events: { signal: 'panBy' }, update: 'panLinear(panFrom.dom, -panBy / width)' },
      { events: { signal: 'zoomBy' }, update: 'zoomLinear(domain("x"), zoomAt, zoomBy)' },
    ],
  },
  { name: 'panFrom', value: {}, on: [{ events: { source: 'view', type: 'pointerdown' }, update: '{x: x(), dom: domain("x")}' }] },
  {
    name: 'panBy',
    value: 0,
    on: [{ events: [{ source: 'window', type: 'pointermove', consume: true, between: [{ source: 'view', type: 'pointerdown' }, { source: 'window', type: 'pointerup' }] }], update: 'panFrom.x - x()' }],
  },
  { name: 'zoomAt', value: 0, on: [{ events: { source: 'view', type: 'wheel', consume: true }, update: 'invert("x", x())' }] },
  { name: 'zoomBy', value: 1, on: [{ events: { source: 'view', type: 'wheel', consume: true }, force: true, update: 'pow(1.001, event.deltaY * pow(16, event.deltaMode))' }] },
];

/**
 * The chart as a standalone image: fixed size, titled with the key, and a legend naming each shown
 * run, since an exported file has no panel around it.
 */
export function exportSpec(key: string, rows: ChartRow[], unit: TimeUnit, runs: readonly MetricsRun[], colors: string[], opts: ChartOptions): Spec {
  const band = rows.some((r) => r.lo !== null && r.hi !== null && r.hi > r.lo);
  const spec = layeredSpec(key, rows, { band, tooltip: rows.length <= TOOLTIP_MAX_ROWS }, unit, { field: 'label', domain: runs.map(runLabel), range: colors }, opts, true);
  const legend: Legend = { stroke: 'color', orient: 'bottom', direction: 'horizontal', columns: Math.min(3, runs.length), labelLimit: 260, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3 };
  return { ...spec, width: 800, height: 320, autosize: { type: 'pad' }, signals: zoomSignals, title: { text: key, anchor: 'start' }, legends: [legend] };
}
