// What a check says in one message: the JSON a webhook posts (with a Slack-style `text`), the
// environment a command action sees, and the line a terminal prints.
import { multivariateLine } from '../../shared/multivariateLine';
import type { CheckOutcome, CheckRecord } from './checkRecords';

export interface DriftedColumnSummary {
  name: string;
  method: string;
  statistic: number | null;
  pValue: number | null;
  threshold: number;
}

export interface CheckSummary {
  monitor: string;
  checkId: number;
  outcome: CheckOutcome;
  batch: string;
  reference: string;
  checkedAt: string;
  /** Drifted / compared columns; null when the batch could not be compared. */
  share: number | null;
  driftShare: number | null;
  driftedColumns: DriftedColumnSummary[];
  failedExpectations: number;
  error: string | null;
  /** One human line, as Slack and Teams incoming webhooks show it. */
  text: string;
}

const fmt = (x: number | null) => (x === null ? 'n/a' : Number.isInteger(x) ? String(x) : x.toPrecision(3));

export function summarizeCheck(c: CheckRecord): CheckSummary {
  const drift = c.report.drift;
  const drifted = (drift?.columns ?? []).filter((x) => x.drift).map((x) => ({ name: x.name, method: x.method, statistic: x.statistic, pValue: x.pValue, threshold: x.threshold }));
  const failedExpectations = (c.report.expectations?.results ?? []).filter((r) => !r.success && r.severity === 'error').length;
  const head = `${c.outcome === 'drift' ? 'Drift' : c.outcome === 'failed' ? 'Failed check' : c.outcome === 'warning' ? 'Warning' : 'No drift'} in monitor ${c.monitor}: batch ${c.batchLabel} vs ${c.referenceLabel}`;
  const parts = [head];
  if (c.outcome === 'failed' && c.error) parts.push(c.error);
  if (drift) {
    const cols = drifted.map((d) => `${d.name} (${d.method} ${fmt(d.statistic)}${d.pValue !== null ? `, p=${fmt(d.pValue)}` : ''})`);
    parts.push(`${drifted.length} of ${drift.columns.length} columns drifted (${Math.round(drift.share * 100)}%, dataset drift at ${Math.round(drift.driftShare * 100)}%)${cols.length ? ': ' + cols.join(', ') : ''}`);
  }
  // Drift with no column drifted is the relation between columns that broke: say so.
  if (drift?.multivariate?.drift) parts.push(multivariateLine(drift.multivariate));
  const driftedChunks = (c.report.chunks ?? []).filter((ch) => ch.datasetDrift).map((ch) => ch.label);
  if (driftedChunks.length) parts.push(`${driftedChunks.length} of ${c.report.chunks!.length} chunks drifted: ${driftedChunks.slice(0, 5).join(', ')}${driftedChunks.length > 5 ? ', ...' : ''}`);
  if (failedExpectations) parts.push(`${failedExpectations} expectation${failedExpectations === 1 ? '' : 's'} failed`);
  return {
    monitor: c.monitor,
    checkId: c.id,
    outcome: c.outcome,
    batch: c.batchLabel,
    reference: c.referenceLabel,
    checkedAt: new Date(c.checkedAt).toISOString(),
    share: drift ? drift.share : null,
    driftShare: drift ? drift.driftShare : null,
    driftedColumns: drifted,
    failedExpectations,
    error: c.error,
    text: parts.map((p) => p.replace(/\.+$/, '')).join('. ') + '.',
  };
}

/** The summary as environment variables for a command action. */
export function summaryEnv(s: CheckSummary): Record<string, string> {
  return {
    MLOPS_MONITOR: s.monitor,
    MLOPS_CHECK_ID: String(s.checkId),
    MLOPS_OUTCOME: s.outcome,
    MLOPS_BATCH: s.batch,
    MLOPS_REFERENCE: s.reference,
    MLOPS_DRIFT_SHARE: s.share === null ? '' : String(s.share),
    MLOPS_DRIFTED_COLUMNS: s.driftedColumns.map((d) => d.name).join(','),
    MLOPS_SUMMARY: s.text,
  };
}
