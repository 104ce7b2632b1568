// The registry's contract: what a model version, an alias move and a gate result are, shared by the
// core modules (registry, gate, lineage, card, export), the CLI and the extension.

/** A parsed model reference: churn@3, churn@champion, churn@latest (a bare name means latest). */
export interface ModelRef {
  model: string;
  /** A version number, an alias, or 'latest'. */
  ref: number | string;
}

/** Input columns and their types, inferred from the training dataset's profile (as MLflow infers one). */
export interface ModelSignature {
  /** Where the columns came from: the dataset version the source run read. */
  source: { dataset: string; version: number; item: string };
  inputs: Array<{ name: string; type: string; nullable: boolean }>;
}

export interface ModelVersion {
  /** model_versions.id: stable inside one store. */
  id: number;
  model: string;
  version: number;
  /** null when the source run was deleted (the version keeps its copied metrics). */
  runId: string | null;
  artifact: { hash: string; path: string; kind: 'file' | 'directory'; size: number };
  description: string;
  /** The run's last value of each metric when registered; null encodes NaN. */
  metrics: Record<string, number | null>;
  signature: ModelSignature | null;
  tags: Record<string, string>;
  /** Aliases pointing here now, sorted; 'latest' included when this is the highest version. */
  aliases: string[];
  registeredBy: string;
  createdAt: number;
}

export interface ModelSummary {
  name: string;
  description: string;
  versions: number;
  latestVersion?: number;
  /** alias -> version */
  aliases: Record<string, number>;
}

/** One move of an alias, as alias_events keeps it. */
export interface AliasEvent {
  id: number;
  model: string;
  alias: string;
  oldVersion: number | null;
  newVersion: number | null;
  actor: string;
  at: number;
  reason: string;
  forced: boolean;
  /** The gate evaluated before the move, when there was one. */
  gate: GateResult | null;
}

/** One metric's verdict, following MLflow's MetricThreshold semantics. */
export interface GateMetricResult {
  metric: string;
  direction: 'maximize' | 'minimize';
  candidate: number | null;
  /** The compared version's value; null when there is nothing to compare or it lacks the metric. */
  baseline: number | null;
  threshold?: number;
  minAbsoluteChange?: number;
  minRelativeChange?: number;
  passed: boolean;
  /** Why it failed (or a note when it passed vacuously), in a sentence. */
  reasons: string[];
}

export interface GateResult {
  /** gate_results.id once stored. */
  id?: number;
  model: string;
  /** churn@4, or a run id when the candidate is not registered yet. */
  candidate: string;
  candidateRunId: string | null;
  /** The alias compared against, and the version it held (null: the alias is not set yet). */
  against: { alias: string; version: number | null; runId: string | null };
  /** Evaluation datasets compared: the version each side's run read. */
  evaluationData: Array<{ dataset: string; candidate: number | null; baseline: number | null; same: boolean }>;
  /** True when --allow-different-data let differing evaluation data through. */
  allowedDifferentData: boolean;
  metrics: GateMetricResult[];
  passed: boolean;
  at: number;
  actor: string;
}

/**
 * Bad input to the registry, the gate or lineage: an unknown model, alias or version, a version an
 * alias holds, a missing artifact, a gate metric the candidate lacks. The CLI exits 2 with its
 * message, and nothing was changed.
 */
export class RegistryError extends Error {}
