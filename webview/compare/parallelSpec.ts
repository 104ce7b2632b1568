import type { TopLevelSpec } from 'vega-lite';
import type { CompareData, Direction } from '../../src/shared/compareData';
import { themeColors } from '../common/vegaChart';

/**
 * Parallel coordinates: core already folded params and the primary metric into one point per run and
 * axis, each axis normalized to 0..1, so the chart only draws axes, their labels and one line per run
 * colored by the primary metric.
 */
export function parallelSpec(parallel: CompareData['parallel'], primaryMetric: string | undefined, direction: Direction = 'maximize'): TopLevelSpec {
  const c = themeColors();
  const axes = parallel.axes.map((a) => a.key);
  const x = { field: 'axis', type: 'ordinal' as const, title: null, scale: { type: 'point' as const, domain: axes, padding: 0.4 }, sort: axes };
  const y = { field: 'position', type: 'quantitative' as const, title: null, axis: null, scale: { domain: [0, 1], nice: false } };
  // axisIndex orders each run's line left to right; a run without a value skips that axis.
  const points = parallel.points.filter((p) => p.position !== null).map((p) => ({ ...p, axisIndex: axes.indexOf(p.axis) }));
  const color = primaryMetric
    ? {
        condition: { test: 'datum.primary === null', value: c.muted },
        field: 'primary',
        type: 'quantitative' as const,
        title: primaryMetric,
        // Viridis without its darkest and palest ends (lost on dark or light themes); the best end is the bright one.
        scale: { scheme: { name: 'viridis', extent: [0.2, 0.85] }, reverse: direction === 'minimize' },
        legend: { type: 'gradient' as const, gradientLength: 160 },
      }
    : { value: c.blue };
  const tooltip = [
    { field: 'runName', title: 'run' },
    { field: 'axis', title: 'axis' },
    { field: 'label', title: 'value' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 280,
    autosize: { type: 'fit-x', contains: 'padding' },
    layer: [
      {
        data: { values: axes.map((axis) => ({ axis, bottom: 0, top: 1 })) },
        mark: { type: 'rule', color: c.grid, strokeWidth: 1 },
        encoding: { x: { ...x, axis: { labelAngle: 0, labelColor: c.foreground, labelFontWeight: 'bold', labelPadding: 10, domain: false, ticks: false, labelLimit: 140 } }, y: { ...y, field: 'bottom' }, y2: { field: 'top' } },
      },
      {
        data: { values: points },
        mark: { type: 'line', strokeWidth: 2, opacity: 0.85 },
        encoding: { x, y, detail: { field: 'runId' }, color, order: { field: 'axisIndex' }, tooltip },
      },
      {
        data: { values: points },
        // Hollow circles draw with stroke like the lines: one channel, so the legend is a gradient.
        mark: { type: 'circle', filled: false, strokeWidth: 3, size: 24, opacity: 1 },
        encoding: { x, y, color, tooltip },
      },
      {
        data: { values: parallel.axes.flatMap((a) => a.ticks.map((t) => ({ axis: a.key, position: t.position, label: t.label }))) },
        mark: { type: 'text', align: 'left', dx: 6, fontSize: 10, color: c.muted, limit: 120 },
        encoding: { x, y, text: { field: 'label' } },
      },
    ],
  };
}
