import type { TopLevelSpec } from 'vega-lite';
import { formatCost } from '../../src/shared/costFormat';
import type { CostWeek } from '../../src/shared/overviewData';
import { themeColors } from '../common/vegaChart';

/** Bars of what runs cost per week (the last 12, oldest first); the tooltip adds the CPU hours. */
export function costPerWeekSpec(weeks: CostWeek[], currency: string): TopLevelSpec {
  const c = themeColors();
  const values = weeks.map((w) => ({ ...w, label: formatCost({ amount: w.cost, currency }), hours: w.cpuHours.toFixed(2) }));
  const anyCost = weeks.some((w) => w.cost > 0);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 180,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values },
    mark: { type: 'bar', cornerRadiusEnd: 2, color: c.blue },
    encoding: {
      x: { field: 'week', type: 'ordinal', title: 'week of', sort: null, axis: { labelAngle: 0, labelExpr: 'slice(datum.value, 5)', labelOverlap: true } },
      // All weeks at 0 still get a readable axis instead of a lone 0.
      y: { field: 'cost', type: 'quantitative', title: currency, axis: { format: ',.2f' }, scale: anyCost ? { domainMin: 0, nice: true } : { domain: [0, 1] } },
      tooltip: [
        { field: 'week', type: 'ordinal', title: 'week of' },
        { field: 'label', type: 'nominal', title: 'cost' },
        { field: 'hours', type: 'nominal', title: 'CPU hours' },
      ],
    },
  };
}
