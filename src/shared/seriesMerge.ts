// Merging series messages the webview has not taken yet: while one is in flight, the host folds the
// later updates of each run and key into one, so a busy webview gets one message with every new
// point instead of a queue of small ones that each wait their turn.
import type { MetricsSeries } from './metricsData';

const columns = ['step', 'value', 'timestamp', 'relative', 'lo', 'hi'] as const;

/**
 * `later` applied after `earlier` (the same run and key), as one message: a replace wins whole;
 * points appended to either are appended to it, and the mode stays the earlier one's.
 */
export function mergeSeries(earlier: MetricsSeries, later: MetricsSeries): MetricsSeries {
  if (earlier.runId !== later.runId || earlier.key !== later.key) throw new Error(`mergeSeries: ${earlier.runId}/${earlier.key} and ${later.runId}/${later.key} are different series`);
  if (later.mode === 'replace') return later;
  const merged: MetricsSeries = { ...earlier };
  for (const c of columns) (merged[c] as unknown[]) = [...(earlier[c] as unknown[]), ...(later[c] as unknown[])];
  return merged;
}

/** Series waiting for the webview, one per run and key, in the order they first came. */
export class PendingSeries {
  private readonly byId = new Map<string, MetricsSeries>();

  add(series: readonly MetricsSeries[]): void {
    for (const s of series) {
      const id = `${s.runId}\u0000${s.key}`;
      const had = this.byId.get(id);
      this.byId.set(id, had ? mergeSeries(had, s) : s);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  /** Everything pending, emptied. */
  take(): MetricsSeries[] {
    const all = [...this.byId.values()];
    this.byId.clear();
    return all;
  }

  clear(): void {
    this.byId.clear();
  }
}
