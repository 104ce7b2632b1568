// The per-column table's order: the report's own (drifted columns first) until a header is clicked.
import type { DriftColumn } from '../../src/shared/driftData';
import { fromWire, type WireNumber } from '../../src/shared/metricsData';

export const sortKeys = ['column', 'type', 'test', 'statistic', 'threshold', 'pValue', 'drift', 'missing'] as const;
export type SortKeyName = (typeof sortKeys)[number];

export interface DriftSort {
  key: SortKeyName;
  descending: boolean;
}

const num = (v: WireNumber | null): number | undefined => {
  if (v === null) return undefined;
  const x = fromWire(v);
  return Number.isNaN(x) ? undefined : x;
};

/** A column's value under a key: undefined (no value: a distance's p-value, a failed column) sorts last either way. */
function valueOf(c: DriftColumn, key: SortKeyName): number | string | undefined {
  switch (key) {
    case 'column':
      return c.name;
    case 'type':
      return c.type;
    case 'test':
      return c.method;
    case 'statistic':
      return num(c.statistic);
    case 'threshold':
      return c.threshold;
    case 'pValue':
      return num(c.pValue);
    // Drifted, then failed (a problem), then the rest: the default order's groups.
    case 'drift':
      return c.drift ? 0 : c.problem ? 1 : 2;
    case 'missing':
      return c.missing.reference + c.missing.current;
  }
}

/** Columns in the chosen order (a stable sort: ties keep the report's order); no sort keeps it whole. */
export function sortColumns(columns: readonly DriftColumn[], sort: DriftSort | undefined): DriftColumn[] {
  if (!sort) return [...columns];
  const sign = sort.descending ? -1 : 1;
  return [...columns].sort((a, b) => {
    const [x, y] = [valueOf(a, sort.key), valueOf(b, sort.key)];
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * String(x).localeCompare(String(y), undefined, { numeric: true });
  });
}
