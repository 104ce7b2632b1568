// The series the webview holds, per metric key and run, as the host sent them (downsampled).
import { fromWire, type MetricsSeries } from '../../src/shared/metricsData';
import { pushAll } from '../../src/shared/boundedSpread';

export interface SeriesColumns {
  step: number[];
  value: number[];
  timestamp: number[];
  relative: number[];
  lo: number[];
  hi: number[];
}

export class SeriesData {
  private readonly byKey = new Map<string, Map<string, SeriesColumns>>();

  /** Applies a host message; returns the keys whose data changed. */
  apply(series: readonly MetricsSeries[]): Set<string> {
    const changed = new Set<string>();
    for (const s of series) {
      let runs = this.byKey.get(s.key);
      if (!runs) this.byKey.set(s.key, (runs = new Map<string, SeriesColumns>()));
      const cols: SeriesColumns = { step: s.step, value: s.value.map(fromWire), timestamp: s.timestamp, relative: s.relative, lo: s.lo.map(fromWire), hi: s.hi.map(fromWire) };
      const had = runs.get(s.runId);
      if (s.mode === 'append' && had) {
        for (const c of Object.keys(cols) as (keyof SeriesColumns)[]) pushAll(had[c] as unknown[], cols[c] as unknown[]);
      } else {
        runs.set(s.runId, cols);
      }
      changed.add(s.key);
    }
    return changed;
  }

  /** Drops runs no longer in the panel; returns the keys that lost data. */
  retainRuns(runIds: ReadonlySet<string>): Set<string> {
    const changed = new Set<string>();
    for (const [key, runs] of this.byKey) {
      for (const id of runs.keys()) {
        if (!runIds.has(id)) {
          runs.delete(id);
          changed.add(key);
        }
      }
      if (!runs.size) this.byKey.delete(key);
    }
    return changed;
  }

  clear(): void {
    this.byKey.clear();
  }

  /** Keys in display order: alphabetical, system metrics last. */
  keys(): string[] {
    const system = (k: string) => (k.startsWith('system/') ? 1 : 0);
    return [...this.byKey.keys()].sort((a, b) => system(a) - system(b) || a.localeCompare(b));
  }

  runsOf(key: string): Map<string, SeriesColumns> {
    return this.byKey.get(key) ?? new Map<string, SeriesColumns>();
  }
}
