// One gate metric judged with MLflow's MetricThreshold semantics: an absolute threshold, and a
// minimum absolute and relative improvement over the compared version. Decimal arithmetic (big.js on
// each number's shortest decimal text), as MLflow compares with Decimal: in binary floating point
// 0.85 - 0.80 is 0.04999999999999993, which would fail a 0.05 minimum change the candidate meets.
import Big from 'big.js';
import type { MetricThreshold } from '../config/generated/mlopsConfigTypes';
import type { GateMetricResult } from './types';

export type GateDirection = 'maximize' | 'minimize';

/** The compared version as one metric sees it; absent when the alias is not set yet. */
export interface BaselineValue {
  /** e.g. "churn@3 (champion)", for the reasons. */
  label: string;
  /** NaN when the version recorded NaN. */
  value: number;
}

/** The direction a metric is judged in: its own, else the model's, else maximize. */
export function gateDirection(rule: MetricThreshold, modelDirection: GateDirection | undefined): GateDirection {
  return rule.direction ?? modelDirection ?? 'maximize';
}

/**
 * The verdict for one metric. `noBaselineNote` is said when there is nothing to compare against
 * (e.g. "no champion yet"): the change rules then pass, as MLflow skips them without a baseline.
 */
export function judgeMetric(
  metric: string,
  rule: MetricThreshold,
  direction: GateDirection,
  candidate: number,
  baseline: BaselineValue | undefined,
  noBaselineNote: string,
): GateMetricResult {
  const reasons: string[] = [];
  let passed = true;
  const fail = (reason: string) => {
    passed = false;
    reasons.push(reason);
  };
  const hasChangeRule = rule.minAbsoluteChange !== undefined || rule.minRelativeChange !== undefined;
  const better = direction === 'maximize' ? 'higher' : 'lower';

  if (Number.isNaN(candidate)) fail(`the candidate's ${metric} is NaN`);
  else if (rule.threshold !== undefined && !reaches(candidate, rule.threshold, direction)) {
    fail(`${fmt(candidate)} is ${direction === 'maximize' ? 'below' : 'above'} the threshold ${fmt(rule.threshold)} (${better} is better)`);
  }

  if (hasChangeRule && !baseline) reasons.push(`${noBaselineNote}: the change rules pass`);
  else if (hasChangeRule && baseline && Number.isNaN(baseline.value)) fail(`${baseline.label}'s ${metric} is NaN, so no change can be measured`);
  else if (hasChangeRule && baseline && !Number.isNaN(candidate)) {
    const gain = improvement(candidate, baseline.value, direction);
    const gainText = `${fmt(candidate)} against ${fmt(baseline.value)} for ${baseline.label}, an improvement of ${fmtBig(gain)}`;
    if (rule.minAbsoluteChange !== undefined && !atLeast(gain, rule.minAbsoluteChange)) {
      fail(`${gainText}: less than the minimum absolute change ${fmt(rule.minAbsoluteChange)}`);
    }
    if (rule.minRelativeChange !== undefined) {
      const needed = times(rule.minRelativeChange, Math.abs(baseline.value));
      if (!atLeast(gain, needed)) {
        fail(`${gainText}: less than the minimum relative change ${percent(rule.minRelativeChange)} of ${fmt(Math.abs(baseline.value))} (${fmtBig(needed)})`);
      }
    }
  }

  return {
    metric,
    direction,
    // NaN stays NaN (written "NaN" in JSON, as metrics are): null means "nothing to compare".
    candidate,
    baseline: baseline ? baseline.value : null,
    ...(rule.threshold !== undefined ? { threshold: rule.threshold } : {}),
    ...(rule.minAbsoluteChange !== undefined ? { minAbsoluteChange: rule.minAbsoluteChange } : {}),
    ...(rule.minRelativeChange !== undefined ? { minRelativeChange: rule.minRelativeChange } : {}),
    passed,
    reasons,
  };
}

// A number, or a Big when both operands were finite: Infinity and NaN stay plain numbers, so an
// infinite loss compares as one (and Infinity - Infinity is NaN, which fails every rule).
type Num = Big | number;

const exact = (n: number): Num => (Number.isFinite(n) ? new Big(n) : n);

function reaches(candidate: number, threshold: number, direction: GateDirection): boolean {
  const c = compare(exact(candidate), exact(threshold));
  return direction === 'maximize' ? c >= 0 : c <= 0;
}

/** How much better the candidate is, in the metric's units: negative when worse. */
function improvement(candidate: number, baseline: number, direction: GateDirection): Num {
  const [a, b] = direction === 'maximize' ? [candidate, baseline] : [baseline, candidate];
  const x = exact(a);
  const y = exact(b);
  return x instanceof Big && y instanceof Big ? x.minus(y) : a - b;
}

function times(a: number, b: number): Num {
  const x = exact(a);
  const y = exact(b);
  return x instanceof Big && y instanceof Big ? x.times(y) : a * b;
}

function atLeast(value: Num, minimum: Num): boolean {
  return compare(value, minimum) >= 0;
}

/** -1, 0 or 1; NaN when either side is NaN (every comparison with it is then false). */
function compare(a: Num, b: Num): number {
  if (a instanceof Big && b instanceof Big) return a.cmp(b);
  const x = a instanceof Big ? a.toNumber() : a;
  const y = b instanceof Big ? b.toNumber() : b;
  return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
}

const fmt = (n: number): string => String(n);
const fmtBig = (n: Num): string => (n instanceof Big ? n.toString() : String(n));
const percent = (fraction: number): string => `${new Big(fraction).times(100).toString()}%`;
