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
  let maxRel = 0;
  for (const cols of series.values()) maxRel = Math.max(maxRel, cols.relative[cols.relative.length - 1] ?? 0);
  const unit = relativeUnit(maxRel);
  const rows: ChartRow[] = [];
  let hidden = 0;
  for (const run of runs) {
    const cols = series.get(run.id);
    if (!cols) continue;
    const smoothed = opts.smoothing > 0 ? ema(cols.value, opts.smoothing) : cols.value;
    const label = runLabel(run);
    for (let i = 0; i < cols.step.length; i++) {
      const x = opts.xAxis === 'step' ? cols.step[i] : opts.xAxis === 'wall' ? cols.timestamp[i] : cols.relative[i] / unit.ms;
      const y = drawable(cols.value[i], opts.logScale);
      if (y === null && !Number.isNaN(cols.value[i])) hidden++;
      rows.push({ run: run.id, label, x, y, s: drawable(smoothed[i], opts.logScale), lo: drawable(cols.lo[i], opts.logScale), hi: drawable(cols.hi[i], opts.logScale) });
    }
  }
  return { rows, unit, hidden };
}

export function chartSpec(key: string, rows: ChartRow[], unit: TimeUnit, runIds: string[], colors: string[], opts: ChartOptions): TopLevelSpec {
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
  const withTooltip = rows.length <= TOOLTIP_MAX_ROWS;
  const merged = rows.some((r) => r.lo !== null && r.hi !== null && r.hi > r.lo);
  const band = {
    mark: { type: 'area' as const, opacity: 0.18, interpolate: 'linear' as const, invalid: 'break-paths-show-domains' as const },
    encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color, detail: { field: 'run' } },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 220,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: rows },
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
