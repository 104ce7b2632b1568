// The Overview's cost section: what runs cost per week (core/cost costByWeek) and what each dataset
// keeps in the object cache (core/cost diskUsage), priced at mlops.json's top-level prices.
import type { MlopsConfig } from '../config/types';
import { costByWeek } from '../cost/costByWeek';
import { diskUsage } from '../cost/diskUsage';
import { DEFAULT_CURRENCY, resolvePrices, storageCost } from '../cost/prices';
import type { Store } from '../store/store';
import type { DatasetStorage, OverviewCost } from '../../shared/overviewData';

/** Weeks the chart covers, this one included. */
export const COST_WEEKS = 12;

/**
 * Bytes per dataset (all its versions), largest first. Reads every object file's size: the panel
 * calls it again only when storageFingerprint changes.
 */
export function storageByDataset(store: Store, workspaceRoot: string): Array<{ dataset: string; bytes: number }> {
  return diskUsage(store, workspaceRoot)
    .entries.filter((e) => e.kind === 'dataset')
    .map((e) => ({ dataset: e.name, bytes: e.bytes }));
}

/** Changes when a dataset version is added or deleted: what storageByDataset depends on in the store. */
export function storageFingerprint(store: Store): string {
  const r = store.db.prepare('SELECT COUNT(*) AS n, MAX(id) AS last FROM dataset_versions').get<{ n: number; last: number | null }>();
  return `${r?.n ?? 0}:${r?.last ?? ''}`;
}

/** The cost section at the current prices; `storage` from storageByDataset (computed apart, as it reads the disk). */
export function readOverviewCost(store: Store, config: MlopsConfig, storage: ReturnType<typeof storageByDataset>, now = Date.now()): OverviewCost {
  const prices = resolvePrices(config);
  const priced = (d: (typeof storage)[number]): DatasetStorage => {
    const c = storageCost(d.bytes, prices);
    return c ? { ...d, monthlyCost: c.amount } : d;
  };
  return {
    computePrices: prices?.cpuHour !== undefined || prices?.gpuHour !== undefined,
    storagePrice: prices?.storageGbMonth !== undefined,
    currency: prices?.currency ?? DEFAULT_CURRENCY,
    weeks: costByWeek(store, COST_WEEKS, now),
    storage: storage.map(priced),
  };
}
