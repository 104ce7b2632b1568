// The shape of mlops.json. The types of what the file holds are generated from
// schemas/mlops.schema.json (generated/mlopsConfigTypes.ts, beside the validator compiled from the
// same file); what is written here adds meaning the schema does not carry: the config once loaded,
// with every section present and datasets normalized, and the problems found on the way.
import type { DatasetConfig, Expectation, MlopsConfigFile, SweepSpec } from './generated/mlopsConfigTypes';

export type {
  DatasetConfig,
  Expectation,
  ModelConfig,
  MonitorConfig,
  Pipeline as PipelineConfig,
  Prices,
  RunConfig,
  Scalar,
  Stage as StageConfig,
  SweepSpec,
} from './generated/mlopsConfigTypes';

/** A sampled sweep param: {"min": 0.001, "max": 0.1, "log": true}. */
export type RangeSpec = Extract<SweepSpec[string], { min: number }>;

export type CacheConfig = NonNullable<MlopsConfigFile['cache']>;

/** One object remote as written: {"url": "s3://bucket/prefix", ...} or a shared folder. */
export type RemoteConfig = NonNullable<MlopsConfigFile['remotes']>[string];

/** The team store section: {"database": "postgresql://...", "remote": "team", "pullInterval": 5}. */
export type TeamConfig = NonNullable<MlopsConfigFile['team']>;

/** The name of an expectation's check: "notNull", "between", ... */
export type ExpectationKind = Expectation['expect'];

/** The expectation of one kind: `ExpectationOf<'between'>` has min, max and strict. */
export type ExpectationOf<K extends ExpectationKind> = Extract<Expectation, { expect: K }>;

/**
 * mlops.json once loaded: every section present (empty when the file leaves it out, or when it has a
 * problem, so the rest keeps working) and every dataset an object.
 */
export interface MlopsConfig extends Required<Pick<MlopsConfigFile, 'runs' | 'pipelines' | 'expectations' | 'monitors' | 'models'>> {
  /** Normalized: a bare path string in the file becomes { path }. */
  datasets: Record<string, DatasetConfig>;
  /** Top-level "cache" settings; absent means reflink, falling back to copy. */
  cache?: CacheConfig;
  /** Top-level "remotes": object remotes by name; absent means none. */
  remotes?: Record<string, RemoteConfig>;
  /** Top-level "team"; absent means no team store (MLOPS_TEAM_DATABASE may still name one). */
  team?: TeamConfig;
  /** Top-level "cost": prices; absent means runs record their CPU and GPU time but no cost. */
  cost?: NonNullable<MlopsConfigFile['cost']>;
}

export const sectionNames = ['runs', 'pipelines', 'datasets', 'expectations', 'monitors', 'models'] as const;

export function emptyConfig(): MlopsConfig {
  return { runs: {}, pipelines: {}, datasets: {}, expectations: {}, monitors: {}, models: {} };
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
