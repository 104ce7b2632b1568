// What the Metrics panel shows, produced by the host from core and rendered by the webview.

export const metricsXAxes = ['step', 'relative', 'wall'] as const;
export type MetricsXAxis = (typeof metricsXAxes)[number];

/** One overlaid run. `origin` is the time of its first logged point (relative time counts from it). */
export interface MetricsRun {
  id: string;
  name: string;
  experiment: string;
  status: string;
  origin: number | null;
}

/**
 * One downsampled series of one run, column-wise (compact to post and to validate). `append` adds
 * points after the last step the webview has; `replace` is a whole series.
 */
export interface MetricsSeries {
  runId: string;
  key: string;
  mode: 'replace' | 'append';
  step: number[];
  /** NaN and ±Infinity are kept (postMessage clones them as they are). */
  value: number[];
  timestamp: number[];
  /** ms since the run's origin. */
  relative: number[];
  /** min and max of the raw points each point stands for; lo < hi where points were merged. */
  lo: number[];
  hi: number[];
}

export const metricsExportFormats = ['svg', 'png', 'csv'] as const;
export type MetricsExportFormat = (typeof metricsExportFormats)[number];

/** Short id for legends: ids are time-sortable, so their tail tells runs apart. */
export const shortRunId = (id: string): string => (id.length > 8 ? id.slice(-8) : id);

export const runLabel = (run: Pick<MetricsRun, 'id' | 'name'>): string => `${run.name} · ${shortRunId(run.id)}`;
