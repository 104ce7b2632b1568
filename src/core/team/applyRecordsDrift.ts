// Pulled drift checks: a teammate's check of a batch against a reference, with its column results.
// Its versions are named by uid (NULL when not here); a monitor's check of the same batch against
// the same reference that exists here already (drift_checks_once) is not stored twice.
import { datasetVersionId, markTeamRecord, str, toInt, type ApplyContext } from './applyRecordsShared';
import type { DriftCheckRecord } from './recordTypes';

export function applyDriftCheck(ctx: ApplyContext, p: Record<string, unknown>, seq: number): void {
  const { store } = ctx;
  const uid = str(p.uid);
  if (!store.statement('SELECT 1 FROM drift_checks WHERE uid = ?').get(uid)) insertCheck(ctx, uid, p);
  markTeamRecord(ctx, 'drift_check', uid, str(p.digest), seq);
}

function insertCheck(ctx: ApplyContext, uid: string, p: Record<string, unknown>): void {
  const { store } = ctx;
  const r = p.record as DriftCheckRecord;
  const monitor = typeof p.monitor === 'string' ? p.monitor : null;
  const batch = datasetVersionId(store, p.batch_uid);
  const reference = datasetVersionId(store, p.reference_uid);
  if (monitor !== null && batch !== null) {
    const same = store
      .statement('SELECT 1 FROM drift_checks WHERE monitor = ? AND batch_version_id = ? AND reference_version_id IS ?')
      .get(monitor, batch, reference);
    if (same) return;
  }
  const res = store
    .statement(
      `INSERT INTO drift_checks (monitor, batch_version_id, reference_version_id, batch_label, reference_label, checked_at, outcome,
                                 drift_share, drifted_columns, total_columns, error, report_json, uid, author, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'team')`,
    )
    .run(
      monitor,
      batch,
      reference,
      r.batch_label,
      r.reference_label,
      toInt(p.checked_at, `drift check ${uid} checked_at`),
      str(p.outcome),
      r.drift_share,
      r.drifted_columns,
      r.total_columns,
      r.error,
      r.report_json,
      uid,
      str(p.author),
    );
  const checkId = Number(res.lastInsertRowid);
  const column = store.statement(
    'INSERT INTO drift_check_columns (check_id, name, type, method, statistic, p_value, threshold, drift) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const c of r.columns ?? []) column.run(checkId, c.name, c.type, c.method, c.statistic, c.p_value, c.threshold, c.drift);
  ctx.report.pulled.drift_check++;
  ctx.authors.add(str(p.author));
}
