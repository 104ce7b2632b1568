// The Overview's data, produced by core and rendered by the webview: shared by both sides.

export interface RunsPerDay {
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  status: string;
  runs: number;
}

export interface OverviewCounts {
  runs: number;
  runningRuns: number;
  datasets: number;
  datasetVersions: number;
  models: number;
  modelVersions: number;
}

export interface OverviewData {
  counts: OverviewCounts;
  runsPerDay: RunsPerDay[];
  generatedAt: string;
}
