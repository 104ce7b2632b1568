// A gate result in words, the same in the terminal, a pull-request comment, JUnit and VS Code: the
// rules a metric was held to, its change against the compared version, the evaluation data.
import Big from 'big.js';
import type { GateMetricResult, GateResult } from './types';

/** ">= 0.8, +0.05, +5%" (maximize) or "<= 0.3, -0.02, -5%" (minimize); "(none)" for a bare metric. */
export function gateRulesText(m: GateMetricResult): string {
  const max = m.direction === 'maximize';
  const parts: string[] = [];
  if (m.threshold !== undefined) parts.push(`${max ? '>=' : '<='} ${m.threshold}`);
  if (m.minAbsoluteChange !== undefined) parts.push(`${max ? '+' : '-'}${m.minAbsoluteChange}`);
  if (m.minRelativeChange !== undefined) parts.push(`${max ? '+' : '-'}${new Big(m.minRelativeChange).times(100).toString()}%`);
  return parts.length ? parts.join(', ') : '(none)';
}

/** "+0.05 (+6.25%)": candidate minus baseline (in decimal, shown to 6 significant digits); '' without a baseline value. */
export function gateChangeText(m: GateMetricResult): string {
  if (m.candidate === null || m.baseline === null) return '';
  if (!Number.isFinite(m.candidate) || !Number.isFinite(m.baseline)) return signed(m.candidate - m.baseline);
  const diff = new Big(m.candidate).minus(m.baseline);
  const text = signed(diff.toNumber(), short(diff.toNumber()));
  if (m.baseline === 0) return text;
  const pct = diff.div(Math.abs(m.baseline)).times(100).round(2);
  return `${text} (${signed(pct.toNumber(), pct.toString())}%)`;
}

const signed = (n: number, text = String(n)) => (n > 0 ? `+${text}` : text);

/**
 * A metric value for a table, to 6 significant digits (0.8299809523809524 reads 0.829981); null is
 * NaN, as the registry encodes it. The reasons keep every digit.
 */
export const gateValueText = (v: number | null): string => (v === null ? 'NaN' : short(v));

const short = (n: number): string => (Number.isFinite(n) ? String(Number(n.toPrecision(6))) : String(n));

/** "churn@3 (champion)", or "champion (not set)" when the alias held nothing. */
export function gateAgainstText(r: GateResult): string {
  return r.against.version === null ? `${r.against.alias} (not set)` : `${r.model}@${r.against.version} (${r.against.alias})`;
}

/** One sentence on the evaluation data: checked the same, allowed to differ, or not checked. */
export function gateEvaluationDataText(r: GateResult): string {
  if (!r.evaluationData.length) return `Evaluation data: not checked (list the datasets the metrics are computed on in models.${r.model}.evaluationData).`;
  const at = (v: number | null) => (v === null ? ' (none read)' : `@${v}`);
  const read = (dataset: string, v: number | null) => (v === null ? `no version of ${dataset}` : `${dataset}@${v}`);
  const parts = r.evaluationData.map((d) =>
    r.against.version === null
      ? `${d.dataset}${at(d.candidate)} (nothing to compare)`
      : d.same && d.candidate === d.baseline
        ? `${d.dataset}${at(d.candidate)} on both sides`
        : `${read(d.dataset, d.candidate)} for the candidate, ${read(d.dataset, d.baseline)} for ${r.model}@${r.against.version}${d.same ? ' (the same content)' : ''}`,
  );
  return `Evaluation data: ${parts.join('; ')}${r.allowedDifferentData ? ' (different, allowed with --allow-different-data)' : ''}.`;
}

/** "PASS: run 01j... against churn@3 (champion)". */
export function gateVerdictText(r: GateResult): string {
  const candidate = r.candidate.includes('@') ? r.candidate : `run ${r.candidate}`;
  return `${r.passed ? 'PASS' : 'FAIL'}: ${candidate} against ${gateAgainstText(r)}${r.passed ? '' : `: ${r.metrics.filter((m) => !m.passed).map((m) => m.metric).join(', ')} failed`}`;
}
