// resolution-mode: vega-lite is ESM-only, and the unit tests type-check this file as CommonJS.
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import type { ProfileColumnView } from '../../src/shared/profileData';

export interface TopRow {
  value: string;
  subject: string;
  count: number;
}

/** One row per value and subject holding it among its top values (a missing count draws no bar). */
export function topRows(top: ProfileColumnView['top'], subjects: readonly string[]): TopRow[] {
  return top.flatMap((t) => t.counts.flatMap((count, s) => (count === null ? [] : [{ value: t.value, subject: subjects[s], count }])));
}

/** Top categories as horizontal bars, most frequent first; two subjects as grouped bars per value. */
export function topSpec(top: ProfileColumnView['top'], subjects: readonly string[], colors: readonly string[]): TopLevelSpec {
  const grouped = subjects.length > 1;
  const order = top.map((t) => t.value);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: { step: grouped ? 20 : 16 },
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: topRows(top, subjects) },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      y: { field: 'value', type: 'nominal', sort: order, title: null, axis: { labelLimit: 140, ticks: false } },
      x: { field: 'count', type: 'quantitative', title: null, axis: { tickCount: 3 } },
      ...(grouped ? { yOffset: { field: 'subject', type: 'nominal' as const, sort: [...subjects] } } : {}),
      color: { field: 'subject', type: 'nominal', scale: { domain: [...subjects], range: colors.slice(0, subjects.length) }, legend: grouped ? { orient: 'top', title: null, labelLimit: 220 } : null },
      tooltip: [
        { field: 'subject', title: 'profile' },
        { field: 'value', title: 'value' },
        { field: 'count', title: 'count', format: ',' },
      ],
    },
  };
}
