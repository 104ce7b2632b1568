// The per-column table: one row per compared column, sortable by any header; a click on a row
// selects the column whose histograms the charts below show.
import type { DriftColumn } from '../../src/shared/driftData';
import { formatNumber } from '../../src/shared/format';
import { fromWire, type WireNumber } from '../../src/shared/metricsData';
import { h } from '../common/dom';
import { sortColumns, type DriftSort, type SortKeyName } from './sortColumns';

export interface TableOptions {
  sort?: DriftSort;
  selected?: string;
  onSort(sort: DriftSort): void;
  onSelect(column: string): void;
}

const HEADERS: { key: SortKeyName; label: string; numeric?: boolean; title?: string }[] = [
  { key: 'drift', label: 'Drift' },
  { key: 'column', label: 'Column' },
  { key: 'type', label: 'Type' },
  { key: 'test', label: 'Test' },
  { key: 'statistic', label: 'Statistic', numeric: true },
  { key: 'threshold', label: 'Threshold', numeric: true, title: 'p-value tests drift below it, distances at or above it; where it came from beneath' },
  { key: 'pValue', label: 'p-value', numeric: true, title: 'After the correction, when one applies; distances have none' },
  { key: 'missing', label: 'Missing', numeric: true, title: 'Nulls, NaN and infinities left out: reference / current' },
];

const figure = (v: WireNumber | null): string => (v === null ? '—' : formatNumber(fromWire(v)));

function headerCell(label: string, key: SortKeyName, opts: TableOptions, numeric: boolean, title?: string): HTMLElement {
  const active = opts.sort?.key === key;
  const button = h(
    'button',
    { class: 'sort', type: 'button', title: title ?? `Sort by ${label}`, 'data-testid': `sort-${key}` },
    label,
    h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (opts.sort!.descending ? ' ▼' : ' ▲') : ''),
  );
  button.addEventListener('click', () => opts.onSort({ key, descending: active ? !opts.sort!.descending : false }));
  return h('th', { scope: 'col', class: numeric ? 'num' : undefined, 'aria-sort': active ? (opts.sort!.descending ? 'descending' : 'ascending') : 'none' }, button);
}

function driftCell(c: DriftColumn): HTMLElement {
  if (c.problem) return h('td', { class: 'state' }, h('span', { class: 'badge failed', title: c.problem }, 'failed'));
  return h('td', { class: 'state' }, h('span', { class: c.drift ? 'badge drift' : 'badge ok' }, c.drift ? 'drift' : 'no drift'));
}

function row(c: DriftColumn, opts: TableOptions): HTMLElement {
  const tr = h(
    'tr',
    { 'data-column': c.name, 'data-drift': String(c.drift), class: c.name === opts.selected ? 'selected' : undefined, tabindex: '0', 'aria-selected': String(c.name === opts.selected) },
    driftCell(c),
    h('th', { scope: 'row', class: 'name' }, c.name, c.problem ? h('div', { class: 'problem error' }, c.problem) : null),
    h('td', {}, c.type),
    h('td', {}, c.method),
    h('td', { class: 'num' }, figure(c.statistic)),
    h('td', { class: 'num' }, formatNumber(c.threshold), h('div', { class: 'muted small' }, c.thresholdSource === 'reference' ? 'learned' : c.thresholdSource)),
    h('td', { class: 'num' }, figure(c.pValue)),
    h('td', { class: 'num' }, `${c.missing.reference.toLocaleString('en-US')} / ${c.missing.current.toLocaleString('en-US')}`),
  );
  tr.addEventListener('click', () => opts.onSelect(c.name));
  tr.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), opts.onSelect(c.name)));
  return tr;
}

export function columnTable(columns: readonly DriftColumn[], opts: TableOptions): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'drift-table', 'data-testid': 'drift-table' },
      h('thead', {}, h('tr', {}, ...HEADERS.map((x) => headerCell(x.label, x.key, opts, !!x.numeric, x.title)))),
      h('tbody', {}, ...sortColumns(columns, opts.sort).map((c) => row(c, opts))),
    ),
  );
}
