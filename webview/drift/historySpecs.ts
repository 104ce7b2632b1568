// Charts over a monitor's checks: one column's score per batch against its threshold, and a
// performance metric per batch (realised where the batch had labels, estimated with its band).
// resolution-mode: vega-lite is ESM-only, and the unit tests type-check this file as CommonJS.
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import type { PerformanceHistory, ScoreHistory } from '../../src/shared/driftData';
import { fromWire } from '../../src/shared/metricsData';

interface Colors {
  line: string;
  drift: string;
  threshold: string;
  estimated: string;
}

const common = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 'container', height: 140, autosize: { type: 'fit-x', contains: 'padding' } } as const;
const time = { field: 'checkedAt', type: 'temporal', title: null } as const;

/** A column's score at each check; drifted checks marked; the threshold as a rule. Unscored checks (a problem) are left out. */
export function scoreHistorySpec(h: ScoreHistory, colors: Colors): TopLevelSpec {
  const values = h.points.flatMap((p) => (p.statistic === null || !Number.isFinite(fromWire(p.statistic)) ? [] : [{ batch: p.batch, checkedAt: p.checkedAt, statistic: fromWire(p.statistic), drift: p.drift ? 'drift' : 'no drift' }]));
  return {
    ...common,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: false, color: colors.line },
        encoding: { x: time, y: { field: 'statistic', type: 'quantitative', title: h.method } },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 50 },
        encoding: {
          x: time,
          y: { field: 'statistic', type: 'quantitative' },
          color: { field: 'drift', type: 'nominal', scale: { domain: ['no drift', 'drift'], range: [colors.line, colors.drift] }, legend: { orient: 'top', title: null } },
          tooltip: [{ field: 'batch' }, { field: 'checkedAt', type: 'temporal', title: 'checked', format: '%Y-%m-%d %H:%M' }, { field: 'statistic', format: '.4~g' }, { field: 'drift' }],
        },
      },
      { data: { values: [{ threshold: h.threshold }] }, mark: { type: 'rule', strokeDash: [4, 3], color: colors.threshold }, encoding: { y: { field: 'threshold', type: 'quantitative' } } },
    ],
  };
}

/** Realised and estimated values of a metric per batch; the estimate's band where it has one. */
export function performanceSpec(h: PerformanceHistory, colors: Colors): TopLevelSpec {
  const lines = h.points.flatMap((p) => [
    ...(p.realised === null ? [] : [{ batch: p.batch, checkedAt: p.checkedAt, kind: 'realised', value: p.realised }]),
    ...(p.estimated === null ? [] : [{ batch: p.batch, checkedAt: p.checkedAt, kind: 'estimated', value: p.estimated }]),
  ]);
  const band = h.points.filter((p) => p.lower !== null && p.upper !== null);
  return {
    ...common,
    layer: [
      { data: { values: band }, mark: { type: 'area', opacity: 0.2, color: colors.estimated }, encoding: { x: time, y: { field: 'lower', type: 'quantitative', title: h.metric, scale: { zero: false } }, y2: { field: 'upper' } } },
      {
        data: { values: lines },
        mark: { type: 'line', point: true },
        encoding: {
          x: time,
          // Off zero: a fall of a few points of accuracy is what the chart is for.
          y: { field: 'value', type: 'quantitative', title: h.metric, scale: { zero: false } },
          color: { field: 'kind', type: 'nominal', scale: { domain: ['realised', 'estimated'], range: [colors.line, colors.estimated] }, legend: { orient: 'top', title: null } },
          // One legend for color and dash (the same field): estimated is the dashed line.
          strokeDash: { field: 'kind', type: 'nominal', scale: { domain: ['realised', 'estimated'], range: [[1, 0], [4, 3]] } },
          tooltip: [{ field: 'batch' }, { field: 'kind' }, { field: 'value', format: '.4~g' }],
        },
      },
    ],
  };
}
