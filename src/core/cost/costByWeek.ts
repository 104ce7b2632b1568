// What runs cost week by week (the Overview's chart): ISO weeks, Monday 00:00 UTC to the next.
import type { Store } from '../store/store';

export interface WeekCost {
  /** The week's Monday, YYYY-MM-DD (UTC). */
  week: string;
  /** Sum of the costs of the runs that ended that week (runs without a cost add nothing). */
  cost: number;
  /** CPU hours those runs used, priced or not. */
  cpuHours: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Midnight UTC of the Monday of the ISO week holding `t`. */
export function weekStart(t: number): number {
  const d = new Date(t);
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - sinceMonday);
}

/**
 * The last `weeks` weeks, this one included, oldest first; a week without runs is there with zeros.
 * A run counts in the week it ended. Costs are summed as recorded: a workspace whose prices changed
 * currency mixes them (the Overview shows the current prices' currency).
 */
export function costByWeek(store: Store, weeks = 12, now = Date.now()): WeekCost[] {
  const first = weekStart(now) - (weeks - 1) * WEEK_MS;
  const out: WeekCost[] = Array.from({ length: weeks }, (_, i) => ({ week: new Date(first + i * WEEK_MS).toISOString().slice(0, 10), cost: 0, cpuHours: 0 }));
  const rows = store.db
    .prepare('SELECT ended_at, cost, cpu_seconds FROM runs WHERE ended_at >= ? AND ended_at < ? AND (cost IS NOT NULL OR cpu_seconds IS NOT NULL)')
    .all<{ ended_at: number; cost: number | null; cpu_seconds: number | null }>(first, first + weeks * WEEK_MS);
  for (const r of rows) {
    const w = out[Math.floor((Number(r.ended_at) - first) / WEEK_MS)];
    w.cost += r.cost ?? 0;
    w.cpuHours += (r.cpu_seconds ?? 0) / 3600;
  }
  return out;
}
