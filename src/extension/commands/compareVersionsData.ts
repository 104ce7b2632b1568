import type { MlopsConfig } from '../../core/config/types';
import { getVersionById } from '../../core/registry/modelVersions';
import type { ModelVersion } from '../../core/registry/types';
import type { Store } from '../../core/store/store';
import type { VersionMetricPoint, VersionMetricsData } from '../../shared/versionMetricsData';

/** At most this many charts when mlops.json names no metric for the model: the first metrics found. */
const MAX_UNCONFIGURED = 8;

/**
 * The metrics charted across versions: each model's ranking metric, then its gate's, as mlops.json
 * declares them; for a model it does not declare, the metrics its versions hold.
 */
export function chartedMetrics(config: MlopsConfig, versions: readonly ModelVersion[]): { metrics: string[]; directions: Record<string, 'maximize' | 'minimize'> } {
  const metrics: string[] = [];
  const directions: Record<string, 'maximize' | 'minimize'> = {};
  const add = (m: string, direction?: 'maximize' | 'minimize') => {
    if (!metrics.includes(m)) metrics.push(m);
    if (direction && !directions[m]) directions[m] = direction;
  };
  for (const model of new Set(versions.map((v) => v.model))) {
    const c = config.models[model];
    if (c) {
      add(c.metric, c.direction ?? 'maximize');
      for (const [m, t] of Object.entries(c.gate ?? {})) add(m, t.direction ?? (m === c.metric ? (c.direction ?? 'maximize') : undefined));
    } else {
      const held = [...new Set(versions.filter((v) => v.model === model).flatMap((v) => Object.keys(v.metrics)))].filter((k) => !k.startsWith('system/')).sort();
      for (const m of held.slice(0, MAX_UNCONFIGURED)) add(m);
    }
  }
  return { metrics, directions };
}

/** Each charted metric's value in each version (read again on every call: aliases move). */
export function versionMetrics(store: Store, config: MlopsConfig, versionIds: readonly number[]): VersionMetricsData {
  const versions = versionIds.map((id) => getVersionById(store, id)).filter((v): v is ModelVersion => v !== undefined);
  const { metrics, directions } = chartedMetrics(config, versions);
  // A model's own metrics get a point in each of its versions (null: the version lacks it); another model's only where held.
  const own = new Map([...new Set(versions.map((v) => v.model))].map((model) => [model, chartedMetrics(config, versions.filter((v) => v.model === model)).metrics]));
  const points: VersionMetricPoint[] = versions.flatMap((v) =>
    metrics
      .filter((m) => m in v.metrics || own.get(v.model)?.includes(m))
      .map((metric) => ({ model: v.model, version: v.version, metric, value: v.metrics[metric] ?? null, aliases: [...v.aliases].sort() })),
  );
  return { metrics, directions, points };
}
