// A monitor's checks in the store: one drift_checks row per batch and reference, its per-column rows
// in drift_check_columns, and the whole result as report_json. Written in one transaction, so a
// check is stored whole or not at all.
import type { DriftReport } from '../drift/reportTypes';
import type { ValidationResult } from '../quality/validationTypes';
import type { BatchPerformance } from './batchPerformance';
import type { Store } from '../store/store';

export type CheckOutcome = 'ok' | 'warning' | 'drift' | 'failed';

/** One chunk of a batch (monitor "chunk"), compared on its own. */
export interface ChunkDrift {
  label: string;
  rows: number;
  datasetDrift: boolean;
  share: number;
  driftedColumns: string[];
}

/** Everything a check found, kept as report_json. */
export interface CheckReport {
  /** The comparison of the whole batch; null when the batch could not be read. */
  drift: DriftReport | null;
  chunks?: ChunkDrift[];
  /** The dataset's expectations on the batch, when it has some. */
  expectations?: ValidationResult;
  /** Performance figures when the monitor names target and prediction (or score). */
  performance?: BatchPerformance;
}

export interface NewCheck {
  monitor: string;
  batchVersionId: number;
  referenceVersionId: number;
  batchLabel: string;
  referenceLabel: string;
  checkedAt: number;
  outcome: CheckOutcome;
  /** Why a failed check failed: the column, or file:line. */
  error?: string;
  report: CheckReport;
}

export interface CheckRecord extends Omit<NewCheck, 'error'> {
  id: number;
  driftShare: number | null;
  driftedColumns: number;
  totalColumns: number;
  error: string | null;
}

/** Inserts a check and its columns; call inside the transaction that also applies the alert policy. */
export function insertCheck(store: Store, c: NewCheck): number {
  const drift = c.report.drift;
  const columns = drift?.columns ?? [];
  return store.transaction(() => {
    const r = store.db
      .prepare(
        `INSERT INTO drift_checks (monitor, batch_version_id, reference_version_id, batch_label, reference_label, checked_at, outcome,
           drift_share, drifted_columns, total_columns, error, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.monitor,
        c.batchVersionId,
        c.referenceVersionId,
        c.batchLabel,
        c.referenceLabel,
        c.checkedAt,
        c.outcome,
        drift ? drift.share : null,
        columns.filter((col) => col.drift).length,
        columns.length,
        c.error ?? null,
        JSON.stringify(c.report),
      );
    const id = Number(r.lastInsertRowid);
    const col = store.db.prepare('INSERT INTO drift_check_columns (check_id, name, type, method, statistic, p_value, threshold, drift) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    // SQLite stores NaN as NULL: a statistic scipy gives as nan reads back as null, as JSON writes it.
    for (const x of columns) col.run(id, x.name, x.type, x.method, x.statistic, x.pValue, x.threshold, x.drift ? 1 : 0);
    return id;
  });
}

interface Row {
  id: number;
  monitor: string;
  batch_version_id: number;
  reference_version_id: number;
  batch_label: string;
  reference_label: string;
  checked_at: number;
  outcome: CheckOutcome;
  drift_share: number | null;
  drifted_columns: number;
  total_columns: number;
  error: string | null;
  report_json: string;
}

const fromRow = (r: Row): CheckRecord => ({
  id: Number(r.id),
  monitor: r.monitor,
  batchVersionId: Number(r.batch_version_id),
  referenceVersionId: Number(r.reference_version_id),
  batchLabel: r.batch_label,
  referenceLabel: r.reference_label,
  checkedAt: Number(r.checked_at),
  outcome: r.outcome,
  driftShare: r.drift_share,
  driftedColumns: Number(r.drifted_columns),
  totalColumns: Number(r.total_columns),
  error: r.error,
  report: JSON.parse(r.report_json) as CheckReport,
});

export function getCheck(store: Store, id: number): CheckRecord | undefined {
  const r = store.db.prepare('SELECT * FROM drift_checks WHERE id = ?').get<Row>(id);
  return r && fromRow(r);
}

/** A monitor's checks, newest first. */
export function listChecks(store: Store, monitor: string, limit = 1000): CheckRecord[] {
  return store.db.prepare('SELECT * FROM drift_checks WHERE monitor = ? ORDER BY checked_at DESC, id DESC LIMIT ?').all<Row>(monitor, limit).map(fromRow);
}

/** Whether this batch was already checked against this reference by the monitor. */
export function isChecked(store: Store, monitor: string, batchVersionId: number, referenceVersionId: number): boolean {
  return !!store.db.prepare('SELECT 1 FROM drift_checks WHERE monitor = ? AND batch_version_id = ? AND reference_version_id = ?').get(monitor, batchVersionId, referenceVersionId);
}
