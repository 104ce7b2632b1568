import type { TopLevelSpec } from 'vega-lite';
import type { VersionMetricsData } from '../../src/shared/versionMetricsData';
import { themeColors } from '../common/vegaChart';

/**
 * One small chart: a metric across model versions (x the version, y the value copied into it when
 * registered), a line per model, versions an alias points at marked and named above their point.
 */
export function versionMetricSpec(data: VersionMetricsData, metric: string): TopLevelSpec {
  const c = themeColors();
  const points = data.points
    .filter((p) => p.metric === metric)
    .map((p) => ({ ...p, aliasText: p.aliases.filter((a) => a !== 'latest').join(', '), aliased: p.aliases.some((a) => a !== 'latest') }));
  const models = new Set(points.map((p) => p.model));
  const versions = [...new Set(points.map((p) => p.version))].sort((a, b) => a - b);
  const x = { field: 'version', type: 'ordinal' as const, title: 'version', sort: versions, axis: { labelAngle: 0, labelExpr: "'v' + datum.label" } };
  const y = { field: 'value', type: 'quantitative' as const, title: null, scale: { zero: false, padding: 12 } };
  const color = models.size > 1 ? { field: 'model', type: 'nominal' as const, title: 'model' } : { value: c.blue };
  const direction = data.directions[metric];
  const tooltip = [
    { field: 'model', title: 'model' },
    { field: 'version', title: 'version' },
    { field: 'value', title: metric, format: '.4~g' },
    { field: 'aliasText', title: 'aliases' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: Math.max(220, versions.length * 42),
    height: 130,
    title: { text: metric, subtitle: direction ? `${direction === 'minimize' ? 'lower' : 'higher'} is better` : undefined, anchor: 'start', fontSize: 12, subtitleColor: c.muted },
    data: { values: points },
    transform: [{ filter: { field: 'value', valid: true } }],
    layer: [
      { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color, detail: { field: 'model' } } },
      { mark: { type: 'point', filled: true, size: 45 }, encoding: { x, y, color, tooltip } },
      {
        transform: [{ filter: { field: 'aliased', equal: true } }],
        mark: { type: 'point', shape: 'diamond', filled: true, size: 150, color: c.purple },
        encoding: { x, y, tooltip },
      },
      {
        transform: [{ filter: { field: 'aliased', equal: true } }],
        mark: { type: 'text', dy: -12, fontSize: 10, color: c.purple },
        encoding: { x, y, text: { field: 'aliasText' } },
      },
    ],
  };
}
