import type { Store } from '../store/store';

export interface ModelSummary {
  name: string;
  versions: number;
  latestVersion?: number;
}

/** Registered models with their version counts, by name. */
export function listModels(store: Store): ModelSummary[] {
  return store.db
    .prepare(
      `SELECT m.name AS name, COUNT(v.id) AS versions, MAX(v.version) AS latest
         FROM models m LEFT JOIN model_versions v ON v.model = m.name
        GROUP BY m.name ORDER BY m.name`,
    )
    .all<{ name: string; versions: number; latest: number | null }>()
    .map((r) => ({ name: r.name, versions: Number(r.versions), latestVersion: r.latest === null ? undefined : Number(r.latest) }));
}
