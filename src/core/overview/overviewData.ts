import type { Store } from '../store/store';
import type { OverviewData, RunsPerDay } from '../../shared/overviewData';

/** Counts and the runs-per-day series the Overview panel shows, straight from the store. */
export function readOverview(store: Store, now = Date.now()): OverviewData {
  const count = (sql: string) => Number(store.db.prepare(sql).get<{ n: number }>()?.n ?? 0);
  // Local calendar days, as the user reads them; 'unixepoch' + 'localtime' converts ms timestamps.
  const rows = store.db
    .prepare(
      `SELECT date(created_at / 1000, 'unixepoch', 'localtime') AS day, status, COUNT(*) AS runs
         FROM runs GROUP BY day, status ORDER BY day, status`,
    )
    .all<RunsPerDay>();
  return {
    counts: {
      runs: count('SELECT COUNT(*) AS n FROM runs'),
      runningRuns: count(`SELECT COUNT(*) AS n FROM runs WHERE status = 'running'`),
      datasets: count('SELECT COUNT(*) AS n FROM datasets'),
      datasetVersions: count('SELECT COUNT(*) AS n FROM dataset_versions'),
      models: count('SELECT COUNT(*) AS n FROM models'),
      modelVersions: count('SELECT COUNT(*) AS n FROM model_versions'),
    },
    runsPerDay: rows.map((r) => ({ day: r.day, status: r.status, runs: Number(r.runs) })),
    generatedAt: new Date(now).toISOString(),
  };
}

/** The overview of a workspace whose store does not exist yet. */
export function emptyOverview(now = Date.now()): OverviewData {
  return {
    counts: { runs: 0, runningRuns: 0, datasets: 0, datasetVersions: 0, models: 0, modelVersions: 0 },
    runsPerDay: [],
    generatedAt: new Date(now).toISOString(),
  };
}
