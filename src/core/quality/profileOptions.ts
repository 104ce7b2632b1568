// How a table is profiled: the bounds past which figures are estimated, threads, progress, cancel.
export interface ProfileOptions {
  /** Distinct values counted exactly up to this many per column, then estimated (default 100 000). */
  distinctLimit?: number;
  /** Numbers kept per column for exact quantiles and histogram (default 5 000 000). */
  exactNumbersLimit?: number;
  /** Uniform sample size past that limit (default 100 000). */
  sampleSize?: number;
  /** Threads a big CSV is profiled on, in parts (default: the cores, at most 4; 1: this thread only). */
  threads?: number;
  /** The least bytes a part of a CSV is given: smaller files are read on this thread (default 32 MiB). */
  partBytes?: number;
  onProgress?: (fraction: number, rows: number) => void;
  signal?: AbortSignal;
}
