// The model gate (CI/CD for models): a candidate against the version an alias holds, over the
// metrics in mlops.json's models.NAME.gate, with MLflow's MetricThreshold semantics (gateRules.ts).
// Evaluating changes nothing; recordGate (gateRecords.ts) stores a result.
import { currentActor } from '../audit/actor';
import type { MlopsConfig } from '../config/types';
import type { Store } from '../store/store';
import { checkEvaluationData } from './gateData';
import { gateDirection, judgeMetric } from './gateRules';
import { baselineSide, candidateSide, requireMetrics } from './gateSides';
import { RegistryError, type GateResult } from './types';

export const DEFAULT_GATE_ALIAS = 'champion';

export interface GateOptions {
  model: string;
  /** A run id (or unique prefix, or run name), a version number, or a model reference (churn@4). */
  candidate: string;
  /** The alias whose version the candidate must beat; champion by default. */
  against?: string;
  /** Compare even when the two sides read different versions of the evaluation data (recorded). */
  allowDifferentData?: boolean;
}

/**
 * Judges a candidate. Bad input is a RegistryError: a model without a gate, an unknown candidate or
 * alias, a gate metric either side lacks, evaluation data that differs (unless allowed). A failing
 * metric (NaN included) is a result with passed false.
 */
export function evaluateGate(store: Store, config: MlopsConfig, opts: GateOptions): GateResult {
  const { model } = opts;
  const declared = config.models[model];
  if (!declared) {
    const known = Object.keys(config.models);
    throw new RegistryError(
      `No model "${model}" under "models" in mlops.json (${known.length ? `models: ${known.join(', ')}` : 'none declared'}). ` +
        `Declare it with a gate: "models": { "${model}": { "metric": "val/auc", "gate": { "val/auc": { "threshold": 0.8, "minAbsoluteChange": 0.01 } } } }.`,
    );
  }
  const gate = declared.gate ?? {};
  const metricNames = Object.keys(gate);
  if (!metricNames.length) {
    throw new RegistryError(
      `Model "${model}" has no gate in mlops.json: add the metrics a candidate must reach under models.${model}.gate, ` +
        `e.g. "gate": { "${declared.metric}": { "threshold": 0.8, "minAbsoluteChange": 0.01 } } (threshold, minAbsoluteChange, minRelativeChange, direction).`,
    );
  }
  const alias = opts.against ?? DEFAULT_GATE_ALIAS;
  const candidate = candidateSide(store, model, opts.candidate);
  const baseline = baselineSide(store, model, alias);
  requireMetrics(candidate, metricNames, 'candidate');
  if (baseline) requireMetrics(baseline, metricNames, 'baseline');
  const data = checkEvaluationData(store, config, model, candidate, baseline, opts.allowDifferentData === true);
  const metrics = metricNames.map((name) =>
    judgeMetric(
      name,
      gate[name],
      gateDirection(gate[name], declared.direction),
      candidate.metrics[name],
      baseline ? { label: `${baseline.ref} (${alias})`, value: baseline.metrics[name] } : undefined,
      `no ${alias} yet`,
    ),
  );
  return {
    model,
    candidate: candidate.ref,
    candidateRunId: candidate.runId,
    against: { alias, version: baseline?.version?.version ?? null, runId: baseline?.runId ?? null },
    evaluationData: data.evaluationData,
    allowedDifferentData: data.allowedDifferentData,
    metrics,
    passed: metrics.every((m) => m.passed),
    at: Date.now(),
    actor: currentActor(store.root),
  };
}
