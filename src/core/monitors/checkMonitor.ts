// One monitor's checks of its unchecked batches: pin the reference, compare each batch with it, run
// the dataset's expectations on the batch, store the check with its columns and apply the alert
// policy in one transaction, then carry out the alert's actions. A batch that cannot be read, lacks
// a reference column or changed a column's type is a failed check naming the file:line or column,
// stored like any other; nothing is half-written.
import type { MlopsConfig, MonitorConfig } from '../config/types';
import type { DatasetVersion } from '../data/datasetVersions';
import { objectPath } from '../data/objectCache';
import { datasetCsvOptions, type CsvReadOptions } from '../data/readers/datasetReadOptions';
import { formatOf } from '../data/readers/openTable';
import { TableReadError } from '../data/readers/types';
import type { DriftReport } from '../drift/reportTypes';
import { validateFile, type ValidationResult } from '../quality/validate';
import { validatedWith } from '../quality/validateNewVersions';
import { saveValidation } from '../quality/validationStore';
import type { Store } from '../store/store';
import { runActions, type ActionOutcome } from './actions/runActions';
import { batchPerformance } from './batchPerformance';
import { decideAlert } from './alertPolicy';
import { openAlert, type Alert } from './alerts';
import { uncheckedBatches } from './batches';
import { getCheck, insertCheck, isChecked, type CheckOutcome, type CheckRecord, type CheckReport, type ChunkDrift } from './checkRecords';
import { summarizeCheck, type CheckSummary } from './checkSummary';
import { getMonitorState, saveMonitorState } from './monitorState';
import { resolveMonitorReference, versionLabel, type MonitorReference } from './monitorReference';

/** What the drift engine is asked for one batch: the whole batch, and its chunks when the monitor chunks. */
export interface BatchComparison {
  drift: DriftReport;
  chunks?: ChunkDrift[];
}

export interface CompareRequest {
  reference: DatasetVersion;
  batch: DatasetVersion;
  monitor: MonitorConfig;
  /** The CSV read options of each side's dataset in mlops.json. */
  csv: { reference: CsvReadOptions; batch: CsvReadOptions };
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** Compares a batch with the reference (the drift engine); throws TableReadError for an unreadable batch. */
export type CompareBatch = (req: CompareRequest) => Promise<BatchComparison>;

export interface CheckMonitorOptions {
  compare: CompareBatch;
  /** Workspace Trust: commands and retrain run only when true. */
  trusted: boolean;
  signal?: AbortSignal;
  onProgress?: (batch: DatasetVersion, fraction: number) => void;
  /** Each batch as soon as it is stored and its actions are done. */
  onChecked?: (c: CheckedBatch) => void;
  now?: () => number;
  env?: NodeJS.ProcessEnv;
  webhookTimeoutMs?: number;
}

export interface CheckedBatch {
  check: CheckRecord;
  summary: CheckSummary;
  alert?: Alert;
  /** Why a drifted batch raised no alert (the policy's count or cooldown). */
  held?: string;
  actions: ActionOutcome[];
}

export interface MonitorRun {
  monitor: string;
  reference: MonitorReference;
  checked: CheckedBatch[];
}

/** The outcome of a check from what it found. */
export function outcomeOf(report: CheckReport): CheckOutcome {
  const drift = report.drift;
  if (!drift || drift.problems.length) return 'failed';
  // Multivariate drift (a broken relation between columns) counts as drift for a monitor.
  if (drift.datasetDrift || drift.multivariate?.drift || report.chunks?.some((c) => c.datasetDrift)) return 'drift';
  const expectationsFailed = report.expectations !== undefined && !report.expectations.success;
  return expectationsFailed || drift.columns.some((c) => c.drift) ? 'warning' : 'ok';
}

/**
 * The dataset's expectations on the batch: the stored validation of this version when it checked the
 * same expectations (versioning validates new versions already), else validated now and stored, so
 * the Datasets view shows the same result.
 */
async function expectationsOn(store: Store, config: MlopsConfig, batch: DatasetVersion, signal?: AbortSignal): Promise<ValidationResult | undefined> {
  const expectations = config.expectations[batch.dataset] ?? [];
  if (!expectations.length) return undefined;
  const stored = validatedWith(store, batch.id, expectations);
  if (stored) return stored;
  const declared = config.datasets[batch.dataset];
  let result: ValidationResult;
  try {
    result = await validateFile(objectPath(store.root, batch.hash), expectations, {
      format: formatOf(batch.item),
      label: batch.item,
      csv: datasetCsvOptions(declared),
      allowRagged: declared?.allowRagged === true,
      signal,
    });
  } catch (err) {
    if (!(err instanceof TableReadError)) throw err;
    result = { success: false, file: batch.item, rows: 0, results: [], problems: [{ line: Math.max(err.line, 1), message: err.problem }] };
  }
  saveValidation(store, batch.id, expectations, result);
  return result;
}

/** Checks every batch of `name` not yet checked against its reference, oldest first. */
export async function checkMonitor(store: Store, workspaceRoot: string, config: MlopsConfig, name: string, opts: CheckMonitorOptions): Promise<MonitorRun> {
  const monitor = config.monitors[name];
  if (!monitor) throw new Error(`No monitor "${name}" in mlops.json.`);
  const now = opts.now ?? Date.now;
  const reference = resolveMonitorReference(store, name, monitor, now());
  const checked: CheckedBatch[] = [];
  for (const batch of uncheckedBatches(store, name, monitor, reference.version.id)) {
    opts.signal?.throwIfAborted();
    const report: CheckReport = { drift: null };
    let error: string | undefined;
    try {
      const r = await opts.compare({
        reference: reference.version,
        batch,
        monitor,
        csv: { reference: datasetCsvOptions(config.datasets[reference.version.dataset]), batch: datasetCsvOptions(config.datasets[batch.dataset]) },
        signal: opts.signal,
        onProgress: opts.onProgress && ((f) => opts.onProgress!(batch, f)),
      });
      report.drift = r.drift;
      if (r.chunks) report.chunks = r.chunks;
      if (r.drift.problems.length) error = r.drift.problems.join('; ');
    } catch (err) {
      if (!(err instanceof TableReadError) || opts.signal?.aborted) throw err;
      // Named by the batch's item, not the cached object it was read from.
      error = `${batch.item}${err.line > 0 ? `:${err.line}` : ''}: ${err.problem}`;
    }
    const expectations = await expectationsOn(store, config, batch, opts.signal);
    if (expectations) report.expectations = expectations;
    // Performance when the monitor names the model's columns and the batch could be read.
    if (report.drift) {
      const csv = { reference: datasetCsvOptions(config.datasets[reference.version.dataset]), batch: datasetCsvOptions(config.datasets[batch.dataset]) };
      try {
        const performance = await batchPerformance(store, reference.version, batch, monitor, csv);
        if (performance) report.performance = performance;
      } catch (err) {
        // The reference (read for its calibration) may not parse where the batch did: noted, not fatal.
        if (!(err instanceof TableReadError)) throw err;
        report.performance = { problems: [err.message] };
      }
    }
    const outcome = outcomeOf(report);
    const checkedAt = now();
    const stored = store.transaction(() => {
      // Another process (the editor, a second CLI) may have checked it meanwhile: once per batch and reference.
      if (isChecked(store, name, batch.id, reference.version.id)) return undefined;
      const id = insertCheck(store, { monitor: name, batchVersionId: batch.id, referenceVersionId: reference.version.id, batchLabel: versionLabel(batch), referenceLabel: reference.label, checkedAt, outcome, error, report });
      const check = getCheck(store, id)!;
      const decision = decideAlert(monitor, getMonitorState(store, name), outcome, checkedAt);
      saveMonitorState(store, decision.next);
      const summary = summarizeCheck(check);
      const alert = decision.raise ? openAlert(store, { monitor: name, checkId: id, summary: summary.text, at: checkedAt }) : undefined;
      return { check, summary, alert, held: decision.held };
    });
    if (!stored) continue;
    const actions = stored.alert ? await runActions(monitor, stored.summary, { trusted: opts.trusted, cwd: workspaceRoot, env: opts.env, webhookTimeoutMs: opts.webhookTimeoutMs }) : [];
    const done: CheckedBatch = { ...stored, alert: stored.alert, actions, ...(stored.held ? { held: stored.held } : {}) };
    checked.push(done);
    opts.onChecked?.(done);
  }
  return { monitor: name, reference, checked };
}
