// The compare table's order and its usage columns, apart from the DOM so they are tested under Node.
import type { CompareRow } from '../../src/shared/compareData';
import { formatCost } from '../../src/shared/costFormat';
import { formatDuration } from '../../src/shared/format';

/** What a run used and cost, beside its metrics; shown only when some compared run was measured. */
export const usageColumns: Array<{ key: string; label: string; title: string; value(row: CompareRow): number | undefined; text(row: CompareRow): string }> = [
  {
    key: 'cost',
    label: 'cost',
    title: 'cost: at the prices of mlops.json; lower is better',
    value: (r) => r.cost?.amount,
    text: (r) => (r.cost ? formatCost(r.cost) : '—'),
  },
  {
    key: 'cpu',
    label: 'CPU time',
    title: "CPU time: measured over the run's processes",
    value: (r) => r.cpuSeconds,
    text: (r) => (r.cpuSeconds !== undefined ? formatDuration(r.cpuSeconds * 1000) : '—'),
  },
  {
    key: 'gpu',
    label: 'GPU time',
    title: 'GPU time: seconds on a GPU, where nvidia-smi is present',
    value: (r) => r.gpuSeconds,
    text: (r) => (r.gpuSeconds !== undefined ? formatDuration(r.gpuSeconds * 1000) : '—'),
  },
];

/** A sortable column: a param, a metric's last value, the run itself, or what it used and cost. */
export interface SortKey {
  kind: 'run' | 'param' | 'metric' | 'usage';
  key: string;
  descending: boolean;
}

function sortValue(row: CompareRow, sort: SortKey): number | string | undefined {
  if (sort.kind === 'run') return row.name;
  if (sort.kind === 'usage') return usageColumns.find((c) => c.key === sort.key)?.value(row);
  const v = sort.kind === 'param' ? row.params[sort.key] : row.metrics[sort.key]?.last;
  if (v === undefined || v === null || v === 'NaN') return undefined;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return typeof v === 'boolean' ? String(v) : v;
}

/** Rows in the chosen order; runs without a value go last whichever the direction. */
export function sortRows(rows: CompareRow[], sort: SortKey | undefined): CompareRow[] {
  if (!sort) return rows;
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const [x, y] = [sortValue(a, sort), sortValue(b, sort)];
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * String(x).localeCompare(String(y), undefined, { numeric: true });
  });
}

