import type { Store } from '../store/store';

/** Number of recorded versions per dataset name. */
export function datasetVersionCounts(store: Store): Map<string, number> {
  const rows = store.db.prepare('SELECT dataset, COUNT(*) AS n FROM dataset_versions GROUP BY dataset').all<{ dataset: string; n: number }>();
  return new Map(rows.map((r) => [r.dataset, Number(r.n)]));
}
