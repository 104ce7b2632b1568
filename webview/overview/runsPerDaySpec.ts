import type { TopLevelSpec } from 'vega-lite';
import type { RunsPerDay } from '../../src/shared/overviewData';
import { themeColors } from '../common/vegaChart';

const DAY_MS = 86_400_000;
const statusOrder = ['finished', 'running', 'failed', 'killed', 'lost', 'queued'];

function localDay(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Every local day from the first run (at most 30 days back, at least 14) through today. */
export function dayRange(rows: RunsPerDay[], now = Date.now()): string[] {
  const first = rows.length ? rows[0].day : localDay(now);
  const days: string[] = [];
  for (let i = 29; i >= 0; i--) days.push(localDay(now - i * DAY_MS));
  const start = Math.min(Math.max(days.indexOf(first), 0), days.length - 14);
  return days.slice(start < 0 ? 0 : start);
}

/** Stacked bars of runs per day, colored by status with the theme's chart colors. */
export function runsPerDaySpec(rows: RunsPerDay[], now = Date.now()): TopLevelSpec {
  const c = themeColors();
  const days = dayRange(rows, now);
  const statusColors: Record<string, string> = { finished: c.green, running: c.blue, failed: c.red, killed: c.muted, lost: c.yellow, queued: c.purple };
  const present = statusOrder.filter((s) => rows.some((r) => r.status === s));
  const domain = present.length ? present : ['finished'];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 200,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: rows.filter((r) => days.includes(r.day)) },
    mark: { type: 'bar', tooltip: true, cornerRadiusEnd: 2 },
    encoding: {
      x: { field: 'day', type: 'ordinal', title: null, scale: { domain: days }, axis: { labelAngle: 0, labelExpr: 'slice(datum.value, 5)', labelOverlap: true } },
      // Whole runs only; an empty chart still gets a readable 0-5 axis instead of a lone "0.000000".
      y: {
        aggregate: 'sum',
        field: 'runs',
        type: 'quantitative',
        title: 'runs',
        axis: { tickMinStep: 1, format: 'd' },
        scale: present.length ? { domainMin: 0, nice: true } : { domain: [0, 5] },
      },
      color: { field: 'status', type: 'nominal', title: null, scale: { domain, range: domain.map((s) => statusColors[s]) }, legend: present.length ? { orient: 'top' } : null },
      order: { field: 'status' },
    },
  };
}
