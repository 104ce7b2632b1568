// Which prices apply to a run, and what its measured time and stored bytes cost at them.
import type { MlopsConfig } from '../config/types';
import type { Cost, Prices, RunUsage } from './types';

export { formatCost } from '../../shared/costFormat';

/** What a price list's currency is when it names none. */
export const DEFAULT_CURRENCY = 'USD';

/** Where in mlops.json a run comes from: a run config, or a pipeline's stage. */
export interface PriceScope {
  run?: string;
  pipeline?: string;
  stage?: string;
}

/**
 * The prices for a run: the top-level "cost", then the run config's or the pipeline's, then the
 * stage's, each field of a more specific object over the same field of the outer ones.
 * Undefined when none of them sets any field.
 */
export function resolvePrices(config: MlopsConfig, at: PriceScope = {}): Prices | undefined {
  const pipeline = at.pipeline !== undefined ? config.pipelines[at.pipeline] : undefined;
  const layers = [
    config.cost,
    at.run !== undefined ? config.runs[at.run]?.cost : undefined,
    pipeline?.cost,
    at.stage !== undefined ? pipeline?.stages[at.stage]?.cost : undefined,
  ];
  const merged: Prices = {};
  for (const layer of layers) {
    // Only the fields a layer sets: an explicit undefined must not hide an outer price.
    for (const key of Object.keys(layer ?? {}) as (keyof Prices)[]) {
      if (layer?.[key] !== undefined) Object.assign(merged, { [key]: layer[key] });
    }
  }
  return Object.keys(merged).length ? merged : undefined;
}

function currencyOf(prices: Prices): string {
  return prices.currency ?? DEFAULT_CURRENCY;
}

/**
 * CPU hours at cpuHour plus GPU hours at gpuHour; a missing price counts 0. Undefined when there is
 * no compute price at all (a run without prices has no cost, not a cost of zero).
 */
export function costOf(usage: RunUsage, prices: Prices | undefined): Cost | undefined {
  if (!prices || (prices.cpuHour === undefined && prices.gpuHour === undefined)) return undefined;
  const amount = (usage.cpuSeconds / 3600) * (prices.cpuHour ?? 0) + ((usage.gpuSeconds ?? 0) / 3600) * (prices.gpuHour ?? 0);
  return { amount, currency: currencyOf(prices) };
}

/** Bytes in a gigabyte as storage is priced: decimal, 10^9 (as cloud storage bills), not 2^30. */
export const BYTES_PER_GB = 1e9;

/** Storing `bytes` for `months` at storageGbMonth; undefined without that price. */
export function storageCost(bytes: number, prices: Prices | undefined, months = 1): Cost | undefined {
  if (prices?.storageGbMonth === undefined) return undefined;
  return { amount: (bytes / BYTES_PER_GB) * prices.storageGbMonth * months, currency: currencyOf(prices) };
}
