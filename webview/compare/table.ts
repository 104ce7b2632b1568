import { isSystemMetric, type CompareData, type CompareRow } from '../../src/shared/compareData';
import { formatCompareValue, formatDuration, formatNumber } from '../../src/shared/format';
import { h } from '../common/dom';
import { sortRows, usageColumns, type SortKey } from './tableSort';

export type { SortKey };

export interface TableOptions {
  sort?: SortKey;
  onlyDiffering: boolean;
  selected: string[];
  onSort(sort: SortKey): void;
  onSelect(runId: string, selected: boolean): void;
}

/** The usage columns some row has a value for (GPU time only where a GPU was measured). */
function shownUsage(rows: CompareRow[]) {
  return usageColumns.filter((c) => rows.some((r) => c.value(r) !== undefined));
}

/** A key with break opportunities after its separators ("system/<wbr>cpu_<wbr>percent"): long names wrap there. */
function breakable(key: string): (Node | string)[] {
  return key.split(/(?<=[/_.-])/).flatMap((part, i) => (i ? [h('wbr'), part] : [part]));
}

function header(label: string, sortKey: Omit<SortKey, 'descending'>, opts: TableOptions, cls: string, title?: string, firstDescending = false): HTMLElement {
  const active = opts.sort && opts.sort.kind === sortKey.kind && opts.sort.key === sortKey.key;
  const ariaSort = active ? (opts.sort!.descending ? 'descending' : 'ascending') : 'none';
  const button = h('button', { class: 'sort', type: 'button', title: title ?? `Sort by ${label}` }, ...breakable(label), h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (opts.sort!.descending ? ' ▼' : ' ▲') : ''));
  // The first click puts the interesting end first (the best of a metric), the next one reverses.
  button.addEventListener('click', () => opts.onSort({ ...sortKey, descending: active ? !opts.sort!.descending : firstDescending }));
  return h('th', { scope: 'col', class: cls, 'aria-sort': ariaSort, 'data-key': `${sortKey.kind}:${sortKey.key}` }, button);
}

/**
 * The runs as a table: metrics first (the primary one leading, best values marked), so what matters
 * is in view however narrow the panel, then params (differing ones highlighted).
 */
export function compareTableElement(data: CompareData, opts: TableOptions): HTMLElement {
  const differing = new Set(data.differingParams);
  const params = opts.onlyDiffering ? data.paramKeys.filter((k) => differing.has(k)) : data.paramKeys;
  const usage = shownUsage(data.rows);
  const cheapest = new Set(data.cheapest ?? []);
  const groupRow = h(
    'tr',
    { class: 'group' },
    h('th', { colspan: '2' }),
    data.metricKeys.length ? h('th', { colspan: String(data.metricKeys.length), scope: 'colgroup' }, 'Metrics (last value)') : null,
    usage.length ? h('th', { colspan: String(usage.length), scope: 'colgroup' }, 'Cost') : null,
    params.length ? h('th', { colspan: String(params.length), scope: 'colgroup' }, 'Params') : null,
  );
  const headRow = h(
    'tr',
    {},
    h('th', { scope: 'col', class: 'select' }, h('span', { class: 'visually-hidden' }, 'Select')),
    header('Run', { kind: 'run', key: '' }, opts, 'run'),
    ...data.metricKeys.map((k) => {
      const best = data.best[k];
      const ranking = isSystemMetric(k) ? 'measured on the machine, not ranked' : best ? `${best.direction === 'maximize' ? 'higher' : 'lower'} is better` : 'no finite values';
      const cls = isSystemMetric(k) ? 'metric system' : k === data.primaryMetric ? 'metric primary' : 'metric';
      return header(k, { kind: 'metric', key: k }, opts, cls, `${k}: ${ranking}; click to sort`, best?.direction !== 'minimize');
    }),
    ...usage.map((c) => header(c.label, { kind: 'usage', key: c.key }, opts, 'usage', `${c.title}; click to sort`)),
    ...params.map((k) => header(k, { kind: 'param', key: k }, opts, differing.has(k) ? 'param differs' : 'param', differing.has(k) ? `${k}: differs between runs; click to sort` : undefined)),
  );
  const body = sortRows(data.rows, opts.sort).map((row) => {
    const check = h('input', { type: 'checkbox', 'aria-label': `Select ${row.name}` });
    check.checked = opts.selected.includes(row.id);
    check.addEventListener('change', () => opts.onSelect(row.id, check.checked));
    return h(
      'tr',
      { 'data-run': row.id },
      h('td', { class: 'select' }, check),
      h(
        'th',
        { scope: 'row', class: 'run' },
        h('div', { class: 'run-name' }, row.name),
        h('div', { class: 'muted small' }, [row.status, row.durationMs !== undefined ? formatDuration(row.durationMs) : ''].filter(Boolean).join(' · ')),
      ),
      ...data.metricKeys.map((k) => {
        const m = row.metrics[k];
        const isBest = !!m && data.best[k]?.runIds.includes(row.id);
        const title = m ? `last ${formatCompareValue(m.last)} · min ${formatCompareValue(m.min)} · max ${formatCompareValue(m.max)} · ${m.count} points${isBest ? ' · best' : ''}` : 'not logged';
        return h('td', { class: isBest ? 'metric best' : 'metric', title, 'data-key': `metric:${k}` }, isBest ? h('span', { class: 'best-mark', 'aria-label': 'best' }, '★ ') : null, formatCompareValue(m?.last));
      }),
      ...usage.map((c) => {
        // Cheapest only when every run has a cost (core leaves `cheapest` out otherwise).
        const isBest = c.key === 'cost' && cheapest.has(row.id);
        // Cells show whole cents; the exact amount tells apart runs that round alike.
        const exact = c.key === 'cost' && row.cost ? `${formatNumber(row.cost.amount, 4)} ${row.cost.currency}` : '';
        return h('td', { class: isBest ? 'usage best' : 'usage', 'data-key': `usage:${c.key}`, title: [exact, isBest ? 'cheapest' : ''].filter(Boolean).join(' · ') }, isBest ? h('span', { class: 'best-mark', 'aria-label': 'cheapest' }, '★ ') : null, c.text(row));
      }),
      ...params.map((k) => h('td', { class: differing.has(k) ? 'param differs' : 'param' }, formatCompareValue(Object.hasOwn(row.params, k) ? row.params[k] : undefined))),
    );
  });
  return h('div', { class: 'table-scroll' }, h('table', { class: 'compare', 'data-testid': 'compare-table' }, h('thead', {}, groupRow, headRow), h('tbody', {}, ...body)));
}
