// After a retrain run ends: its primary metric beside the run whose data is the monitor's reference
// (the newest finished run that read the reference version's bytes), so the user sees whether
// retraining on the drifted batch helped. Pure: store reads only, no vscode.
import { getVersion } from '../../core/data/datasetVersions';
import { getCheck } from '../../core/monitors/checkRecords';
import type { MlopsConfig } from '../../core/config/types';
import { choosePrimaryMetric } from '../../core/tracking/compareRuns';
import { latestMetricByRun } from '../../core/tracking/experimentSummary';
import { metricSummaries } from '../../core/tracking/metricRecords';
import { getRun } from '../../core/tracking/runRecords';
import type { Store } from '../../core/store/store';
import { formatNumber as fmt } from '../../shared/format';

export interface RetrainComparison {
  run: { id: string; name: string; status: string };
  /** The metric compared: the run config's primaryMetric, else the first model metric both runs logged. */
  metric?: string;
  value?: number;
  /** The run trained on the reference, when one finished. */
  baseline?: { id: string; name: string; value?: number };
  referenceLabel?: string;
  /** One line for the notification. */
  text: string;
}


/** The newest finished run other than `exceptRunId` that read the bytes of dataset version `versionId`. */
export function runOnVersion(store: Store, versionId: number, exceptRunId: string): string | undefined {
  const v = getVersion(store, versionId);
  if (!v) return undefined;
  const r = store.db
    .prepare(
      `SELECT r.id AS id FROM runs r WHERE r.status = 'finished' AND r.id <> ?
         AND EXISTS (SELECT 1 FROM run_inputs i WHERE i.run_id = r.id AND i.hash = ?)
       ORDER BY COALESCE(r.ended_at, r.created_at) DESC, r.id DESC LIMIT 1`,
    )
    .get<{ id: string }>(exceptRunId, v.hash);
  return r?.id;
}

export function compareRetrain(store: Store, config: MlopsConfig, runId: string, checkId: number): RetrainComparison {
  const run = getRun(store, runId);
  if (!run) throw new Error(`No run ${runId}.`);
  const head = `retrain run ${run.name} ${run.status}`;
  const check = getCheck(store, checkId);
  const baselineId = check && runOnVersion(store, check.referenceVersionId, runId);
  const baselineRun = baselineId ? getRun(store, baselineId) : undefined;
  const base = { run: { id: run.id, name: run.name, status: run.status }, referenceLabel: check?.referenceLabel };
  if (run.status !== 'finished') return { ...base, text: `${head}.` };
  const metrics = { [run.id]: metricSummaries(store, run.id), ...(baselineRun ? { [baselineRun.id]: metricSummaries(store, baselineRun.id) } : {}) };
  const runs = Object.entries(metrics).map(([id, m]) => ({ id, metrics: m }));
  const metric = choosePrimaryMetric(runs as Parameters<typeof choosePrimaryMetric>[0], config.runs[run.experiment]?.primaryMetric);
  const values = metric ? latestMetricByRun(store, metric, runs.map((r) => r.id)) : new Map<string, number>();
  const value = values.get(run.id);
  if (!metric || value === undefined) return { ...base, text: `${head}; it logged no metric to compare.` };
  if (!baselineRun) return { ...base, metric, value, text: `${head}: ${metric} ${fmt(value)}; no finished run read the reference ${check?.referenceLabel ?? ''} to compare with.`.replace(' .', '.') };
  const old = values.get(baselineRun.id);
  const baseline = { id: baselineRun.id, name: baselineRun.name, value: old };
  if (old === undefined) return { ...base, metric, value, baseline, text: `${head}: ${metric} ${fmt(value)}; run ${baselineRun.name}, trained on the reference, logged no ${metric}.` };
  const delta = value - old;
  return { ...base, metric, value, baseline, text: `${head}: ${metric} ${fmt(value)} against ${fmt(old)} for run ${baselineRun.name} on the reference ${check!.referenceLabel} (${delta >= 0 ? '+' : ''}${fmt(delta)}).` };
}
