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
 * A number as it crosses the webview boundary: messages are serialized as JSON there, which has no
 * NaN or infinities, so those travel as strings, spelled as the Python helper writes them.
 */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export const toWire = (v: number): WireNumber => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');
export const fromWire = (v: WireNumber): number => (typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity);
/** One of the three words toWire writes for a non-finite number. */
export const isWireWord = (v: unknown): v is Exclude<WireNumber, number> => v === 'Infinity' || v === '-Infinity' || v === 'NaN';

/**
 * One downsampled series of one run, column-wise (compact to post and to validate). `append` adds
 * points after the last step the webview has; `replace` is a whole series.
 */
export interface MetricsSeries {
  runId: string;
  key: string;
  mode: 'replace' | 'append';
  step: number[];
  /** NaN and ±Infinity are kept, as strings on the wire. */
  value: WireNumber[];
  timestamp: number[];
  /** ms since the run's origin. */
  relative: number[];
  /** min and max of the raw points each point stands for; lo < hi where points were merged. */
  lo: WireNumber[];
  hi: WireNumber[];
}

export const metricsExportFormats = ['svg', 'png', 'csv'] as const;
export type MetricsExportFormat = (typeof metricsExportFormats)[number];

/** Short id for legends: ids are time-sortable, so their tail tells runs apart. */
export const shortRunId = (id: string): string => (id.length > 8 ? id.slice(-8) : id);

export const runLabel = (run: Pick<MetricsRun, 'id' | 'name'>): string => `${run.name} · ${shortRunId(run.id)}`;
