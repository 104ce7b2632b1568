// The shape of mlops.json, mirroring schemas/mlops.schema.json (the schema is the source of truth
// for validation; these types are what core code reads after validation).

export type Scalar = string | number | boolean;

export interface RangeSpec {
  min: number;
  max: number;
  log?: boolean;
  integer?: boolean;
}

export interface SweepSpec {
  samples?: number;
  seed?: number;
  parallel?: number;
  [param: string]: Scalar[] | RangeSpec | number | undefined;
}

export interface RunConfig {
  command: string;
  description?: string;
  cwd?: string;
  params?: Record<string, Scalar>;
  env?: Record<string, string>;
  inputs?: string[];
  outputs?: string[];
  primaryMetric?: string;
  sweep?: SweepSpec;
}

export interface DatasetConfig {
  path: string;
  format?: 'csv' | 'tsv' | 'jsonl' | 'parquet';
  description?: string;
  watch?: boolean;
}

export interface Expectation {
  expect: string;
  column?: string;
  severity?: 'error' | 'warning';
  [option: string]: unknown;
}

export interface MonitorConfig {
  reference: string;
  current: string;
  columns?: string[];
  driftShare?: number;
  tests?: Record<string, { test?: string; threshold?: number }>;
  actions?: Array<{ notify: boolean } | { retrain: string }>;
}

export interface ModelConfig {
  metric: string;
  direction?: 'maximize' | 'minimize';
  description?: string;
  gate?: { min?: number; max?: number };
}

export interface CacheConfig {
  link?: 'reflink' | 'copy' | 'hardlink';
}

export interface MlopsConfig {
  runs: Record<string, RunConfig>;
  /** Normalized: a bare path string in the file becomes { path }. */
  datasets: Record<string, DatasetConfig>;
  expectations: Record<string, Expectation[]>;
  monitors: Record<string, MonitorConfig>;
  models: Record<string, ModelConfig>;
  /** Top-level "cache" settings; absent means reflink, falling back to copy. */
  cache?: CacheConfig;
}

export const sectionNames = ['runs', 'datasets', 'expectations', 'monitors', 'models'] as const;

export function emptyConfig(): MlopsConfig {
  return { runs: {}, datasets: {}, expectations: {}, monitors: {}, models: {} };
}

/** One thing wrong with mlops.json, located for an editor and a terminal alike. */
export interface ConfigProblem {
  /** JSON pointer of the offending value, "" for the whole document. */
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Character offset and length in the file, for editor diagnostics. */
  offset: number;
  length: number;
  message: string;
}
