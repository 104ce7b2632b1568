// One column's card: name, type, null share, figures side by side, and its chart (a histogram for
// numbers, top categories for strings and booleans). Charts are drawn when the card scrolls into view.
import type { TopLevelSpec } from 'vega-lite';
import type { ProfileColumnView, ProfileSubject } from '../../src/shared/profileData';
import { h, present } from '../common/dom';
import { chartOf } from './columnChart';
import { figureRows, shortLabel } from './figures';

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`;

function nullShares(col: ProfileColumnView, subjects: readonly ProfileSubject[], colors: readonly string[]): HTMLElement {
  const rows = col.sides.flatMap((side, s) => {
    if (!side) return [];
    const label = subjects.length > 1 ? shortLabel(subjects[s].label) : 'nulls';
    const fill = h('span', { style: `width: ${Math.max(side.nullShare * 100, side.nulls ? 1 : 0)}%; background: ${colors[s]}` });
    return [h('span', { class: 'muted' }, label), h('div', { class: 'bar', title: `${side.nulls.toLocaleString('en-US')} of ${(side.count + side.nulls).toLocaleString('en-US')} rows` }, fill), h('span', { class: 'value', 'data-testid': 'null-share' }, pct(side.nullShare))];
  });
  return h('div', { class: 'nulls' }, ...rows);
}

function figuresTable(col: ProfileColumnView, subjects: readonly ProfileSubject[]): HTMLElement {
  const two = subjects.length > 1;
  const head = two ? h('thead', {}, h('tr', {}, h('th', {}, ''), ...subjects.map((s) => h('th', { title: s.label }, shortLabel(s.label))), h('th', {}, 'change'))) : null;
  const body = h(
    'tbody',
    {},
    ...figureRows(col.sides).map((r) =>
      h('tr', { 'data-figure': r.label }, h('td', {}, r.label), ...r.values.map((v) => h('td', { title: v }, v)), two ? h('td', { class: 'change' }, r.change) : null),
    ),
  );
  return h('table', { class: 'figures', 'data-testid': 'figures' }, ...present(head, body));
}

export interface CardChart {
  host: HTMLElement;
  spec: TopLevelSpec;
}

export function columnCard(col: ProfileColumnView, subjects: readonly ProfileSubject[], colors: readonly string[]): { card: HTMLElement; chart?: CardChart } {
  const sides = col.sides.filter((s) => s !== null);
  const types = [...new Set(sides.map((s) => s.type))];
  const presence = col.only === undefined ? null : col.only === 0 ? 'removed' : 'added';
  const approximate = sides.some((s) => s.distinctError !== undefined || s.quantileRankError !== undefined || s.histogram?.approximate || s.topApproximate);
  const chart = chartOf(col, subjects.map((s) => s.label), colors);
  const host = chart ? h('div', { class: 'profile-chart', 'data-testid': `${chart.kind}-chart`, role: 'img', 'aria-label': chart.kind === 'histogram' ? `Histogram of ${col.name}` : `Top values of ${col.name}` }) : null;
  const notes = present(
    ...col.sides.map((s, i) => s?.histogramNote && h('p', { class: 'note muted', 'data-testid': 'histogram-note' }, subjects.length > 1 ? `${shortLabel(subjects[i].label)}: ${s.histogramNote}` : s.histogramNote)),
    presence && h('p', { class: 'note muted' }, presence === 'added' ? `Only in ${subjects[1].label}.` : `Only in ${subjects[0].label}.`),
    approximate &&
      h('p', { class: 'note muted' }, '~ estimated: ' + sides.map((s) => [s.distinctError !== undefined ? `distinct ±${pct(s.distinctError)}` : '', s.quantileRankError !== undefined ? `quantile rank ±${pct(s.quantileRankError)}` : '', s.topApproximate ? 'top counts from the first values' : ''].filter(Boolean).join(', ')).filter(Boolean).join(' | ')),
  );
  const card = h(
    'section',
    { class: 'column-card', 'data-testid': 'column-card', 'data-column': col.name, ...(presence ? { 'data-presence': presence } : {}) },
    h('header', {}, h('h2', { title: col.name }, col.name), ...types.map((t) => h('span', { class: 'badge', 'data-testid': 'type-badge' }, t)), presence && h('span', { class: `badge ${presence}` }, presence), approximate && h('span', { class: 'badge approx', title: 'Some figures are estimates: see below.' }, '~')),
    nullShares(col, subjects, colors),
    figuresTable(col, subjects),
    host,
    ...notes,
  );
  return { card, chart: chart && host ? { host, spec: chart.spec } : undefined };
}
