// How `mlops monitor check` and `history` print checks: a line per batch for terminals, JSON for
// scripts, and JUnit XML for CI (a suite per monitor, a case per batch; drift, a failed check or a
// failed expectation is a failure).
import { multivariateLine } from '../../shared/multivariateLine';
import { describeOutcome } from '../../core/monitors/actions/runActions';
import type { CheckRecord } from '../../core/monitors/checkRecords';
import type { CheckedBatch, MonitorRun } from '../../core/monitors/checkMonitor';
import { failedExpectations } from '../../core/quality/validateNewVersions';
import { describeResult } from '../../core/quality/describeResult';
import { table } from '../table';
import { escape } from './junitReport';
import { formatTime } from '../time';

const MARK = { ok: 'ok   ', warning: 'warn ', drift: 'DRIFT', failed: 'FAIL ' } as const;

/** A check counts against --fail-on-drift: dataset drift, a failed check, or a failed expectation. */
export function checkFails(c: CheckRecord): boolean {
  return c.outcome === 'drift' || c.outcome === 'failed' || c.report.expectations?.success === false;
}

export function renderChecked(b: CheckedBatch): string {
  const c = b.check;
  const lines = [`${MARK[c.outcome]} ${c.monitor}  check ${c.id}  ${b.summary.text}`];
  for (const ch of c.report.chunks ?? []) lines.push(`        chunk ${ch.label} (${ch.rows} rows): ${ch.datasetDrift ? 'DRIFT' : 'ok'}, ${Math.round(ch.share * 100)}% drifted${ch.driftedColumns.length ? ': ' + ch.driftedColumns.join(', ') : ''}`);
  if (c.report.drift?.multivariate) lines.push(`        ${multivariateLine(c.report.drift.multivariate)}`);
  const exp = c.report.expectations;
  if (exp) {
    for (const r of failedExpectations(exp)) lines.push(`        expectation failed: ${describeResult(r)}`);
    for (const p of exp.problems.slice(0, 3)) lines.push(`        ${exp.file}:${p.line}: ${p.message}`);
  }
  const perf = performanceLine(c);
  if (perf) lines.push(`        ${perf}`);
  if (b.alert) lines.push(`        alert ${b.alert.id} opened`);
  if (b.held) lines.push(`        no alert: ${b.held}`);
  for (const a of b.actions) lines.push(`        ${describeOutcome(a).replace(/\n/g, '\n        ')}`);
  return lines.join('\n');
}

export function checkJson(c: CheckRecord) {
  const drift = c.report.drift;
  return {
    id: c.id,
    monitor: c.monitor,
    batch: c.batchLabel,
    reference: c.referenceLabel,
    checkedAt: new Date(c.checkedAt).toISOString(),
    outcome: c.outcome,
    error: c.error,
    datasetDrift: drift?.datasetDrift ?? null,
    share: drift?.share ?? null,
    driftShare: drift?.driftShare ?? null,
    columns: (drift?.columns ?? []).map(({ histogram: _h, ...col }) => col),
    ...(c.report.chunks ? { chunks: c.report.chunks } : {}),
    performance: c.report.performance ?? null,
    expectations: c.report.expectations ? { success: c.report.expectations.success, failed: failedExpectations(c.report.expectations).map(describeResult), problems: c.report.expectations.problems } : null,
  };
}

export function runJson(runs: MonitorRun[]) {
  return {
    monitors: runs.map((r) => ({
      monitor: r.monitor,
      reference: r.reference.label,
      referencePinnedNow: r.reference.pinnedNow,
      checks: r.checked.map((b) => ({ ...checkJson(b.check), alert: b.alert ? { id: b.alert.id, state: b.alert.state } : null, held: b.held ?? null, actions: b.actions })),
    })),
  };
}

export function historyTable(checks: CheckRecord[]): string {
  return table(
    ['ID', 'CHECKED', 'BATCH', 'REFERENCE', 'OUTCOME', 'DRIFTED', 'SHARE'],
    checks.map((c) => [String(c.id), formatTime(c.checkedAt), c.batchLabel, c.referenceLabel, c.outcome, `${c.driftedColumns}/${c.totalColumns}`, c.driftShare === null ? '' : `${Math.round(c.driftShare * 100)}%`]),
  );
}

export function monitorJunit(runs: MonitorRun[]): string {
  const all = runs.flatMap((r) => r.checked);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="mlops monitor check" tests="${all.length}" failures="${all.filter((b) => checkFails(b.check)).length}">`];
  for (const r of runs) {
    lines.push(`  <testsuite name="${escape(`${r.monitor} (vs ${r.reference.label})`)}" tests="${r.checked.length}" failures="${r.checked.filter((b) => checkFails(b.check)).length}">`);
    for (const b of r.checked) {
      lines.push(`    <testcase classname="${escape(`mlops.monitor.${r.monitor}`)}" name="${escape(b.check.batchLabel)}">`);
      if (checkFails(b.check)) lines.push(`      <failure message="${escape(b.summary.text)}" type="${b.check.outcome === 'warning' ? 'expectations' : b.check.outcome}">${escape(renderChecked(b))}</failure>`);
      else lines.push(`      <system-out>${escape(b.summary.text)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

/** One line of a check's performance figures: realised, estimated with its band, or both. */
export function performanceLine(c: CheckRecord): string | undefined {
  const p = c.report.performance;
  if (!p) return undefined;
  const parts: string[] = [];
  const r = p.realised;
  if (r && 'accuracy' in r) parts.push(`accuracy ${f3(r.accuracy)}, f1 ${f3(r.f1)}${r.rocAuc ? `, roc auc ${f3(r.rocAuc.value)}` : ''} (${r.rows} labelled rows)`);
  else if (r && 'mae' in r) parts.push(`mae ${f3(r.mae)}, rmse ${f3(r.rmse)}, r2 ${f3(r.r2.value)}, mape ${f3(r.mape)} (${r.rows} labelled rows)`);
  for (const e of p.estimated?.figures ?? []) parts.push(`estimated ${e.metric} ${f3(e.estimated)} [${f3(e.lower)}, ${f3(e.upper)}]`);
  for (const x of p.realisedVersusEstimated ?? []) parts.push(`${x.metric} realised ${f3(x.realised)} vs estimated ${f3(x.estimated)}${x.outside ? ' (outside the band)' : ''}`);
  for (const problem of p.problems) parts.push(problem);
  return parts.length ? `performance: ${parts.join('; ')}` : undefined;
}
