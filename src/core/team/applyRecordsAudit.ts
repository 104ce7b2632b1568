// Pulled audit entries. This workspace's own entries come back with the server's sequence, which
// their team_records row gains; a teammate's chain is kept whole in team_audit (never in audit_log,
// which is this workspace's own chain).
import { markTeamRecord, str, toInt, type ApplyContext } from './applyRecordsShared';

export function applyAudit(ctx: ApplyContext, p: Record<string, unknown>, seq: number): void {
  const localSeq = toInt(p.local_seq, 'audit entry local_seq');
  if (p.workspace_id === ctx.workspaceId) {
    markTeamRecord(ctx, 'audit', String(localSeq), str(p.hash), seq);
    return;
  }
  const res = ctx.store
    .statement(
      `INSERT INTO team_audit (workspace_id, seq, server_seq, at, actor, action, object, reason, details_json, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, seq) DO NOTHING`,
    )
    .run(str(p.workspace_id), localSeq, seq, toInt(p.at, 'audit entry at'), str(p.actor), str(p.action), str(p.object), str(p.reason), str(p.details_json) || '{}', str(p.prev_hash), str(p.hash));
  if (res.changes) ctx.report.pulled.audit++;
}
