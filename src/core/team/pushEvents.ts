// Alias moves, the audit chain and drift checks to the team store. Alias moves go through the
// server's compare-and-swap (mlops.move_alias): a teammate who moved the alias first wins, and the
// refused move is reported and recorded as 'rejected' so it is not retried (pull brings the team's).
import type { AuditRow } from '../audit/auditQuery';
import { checkAborted, chunks, conflictError, markRecords, progress, seqOf, type Marked, type PushContext } from './pushContext';
import { lastPushedAuditSeq } from './pushPlan';
import { recordDigest } from './recordDigest';
import { driftCheckRecord } from './versionRecords';

interface AliasEventRow {
  id: number;
  model: string;
  alias: string;
  old_version: number | null;
  new_version: number | null;
  actor: string;
  at: number;
  reason: string;
  forced: number;
  gate_json: string | null;
}

export async function pushAliasEvents(ctx: PushContext, ids: readonly number[]): Promise<void> {
  const { store } = ctx;
  const uidOf = (model: string, version: number | null) =>
    version === null ? null : (store.statement('SELECT uid FROM model_versions WHERE model = ? AND version = ?').get<{ uid: string }>(model, version)?.uid ?? undefined);
  const onTeam = (uid: string) => !!store.statement("SELECT 1 FROM team_records WHERE kind = 'model_version' AND key = ?").get(uid);
  let done = 0;
  for (const batch of chunks(ids, ctx.opts.batch?.records ?? 500)) {
    checkAborted(ctx);
    // Read now, not when planned: pushing the versions before renumbered these events' numbers.
    const events: { e: AliasEventRow; expected: string | null; wanted: string | null }[] = [];
    for (const id of batch) {
      const e = store
        .statement(
          `SELECT e.id, e.model, e.alias, e.old_version, e.new_version, e.actor, e.at, e.reason, e.forced, g.result_json AS gate_json
             FROM alias_events e LEFT JOIN gate_results g ON g.id = e.gate_id WHERE e.id = ?`,
        )
        .get<AliasEventRow>(id);
      if (!e) continue;
      const expected = uidOf(e.model, e.old_version);
      const wanted = uidOf(e.model, e.new_version);
      const gone = expected === undefined ? e.old_version : wanted === undefined ? e.new_version : null;
      if (gone !== null) {
        ctx.report.skipped.push({ kind: 'alias_event', key: String(id), reason: `${e.model}@${gone} is no longer in this store` });
      } else if (wanted && !onTeam(wanted)) {
        ctx.report.skipped.push({ kind: 'alias_event', key: String(id), reason: `${e.model}@${e.new_version} is not on the team store` });
      } else {
        events.push({ e, expected: expected ?? null, wanted: wanted ?? null });
      }
    }
    let sent = 0;
    const marked: Marked[] = [];
    await ctx.team.transaction(async (tx) => {
      for (const { e, expected, wanted } of events) {
        const digest = recordDigest({ model: e.model, alias: e.alias, old_uid: expected, new_uid: wanted, actor: e.actor, at: Number(e.at), reason: e.reason });
        // Already moved by an earlier push that was killed before it could note it here.
        const prior = await tx.query<{ seq: string }>('SELECT seq FROM mlops.alias_events WHERE workspace_id = $1 AND local_id = $2', [ctx.workspaceId, e.id]);
        if (prior.rows.length) {
          marked.push({ kind: 'alias_event', key: String(e.id), digest, serverSeq: seqOf(prior.rows[0].seq) });
          continue;
        }
        const event = {
          actor: e.actor,
          at: Number(e.at),
          reason: e.reason,
          forced: !!Number(e.forced),
          gate: e.gate_json ? (JSON.parse(e.gate_json) as unknown) : null,
          workspace_id: ctx.workspaceId,
          local_id: Number(e.id),
          old_number: e.old_version,
          new_number: e.new_version,
        };
        const res = await tx.query<{ moved: boolean; held_number: number | null; moved_by: string | null; moved_at: string | null }>(
          'SELECT * FROM mlops.move_alias($1, $2, $3, $4, $5::jsonb)',
          [e.model, e.alias, expected, wanted, JSON.stringify(event)],
        );
        const r = res.rows[0];
        if (r.moved) {
          sent++;
          const row = await tx.query<{ seq: string }>('SELECT seq FROM mlops.alias_events WHERE workspace_id = $1 AND local_id = $2', [ctx.workspaceId, e.id]);
          marked.push({ kind: 'alias_event', key: String(e.id), digest, serverSeq: seqOf(row.rows[0].seq) });
        } else {
          ctx.report.aliasConflicts.push({
            model: e.model,
            alias: e.alias,
            expectedNumber: e.old_version,
            wantedNumber: e.new_version,
            heldNumber: r.held_number ?? null,
            movedBy: r.moved_by ?? '',
            movedAt: Number(r.moved_at ?? 0),
          });
          marked.push({ kind: 'alias_event', key: String(e.id), digest: 'rejected', serverSeq: null });
        }
      }
    });
    store.transaction(() => markRecords(store, marked));
    ctx.report.pushed.alias_event += sent;
    done += batch.length;
    progress(ctx, 'alias_event', done, ids.length);
  }
}

/** This workspace's chain after the last entry pushed, in seq order (entries renumbering added included). */
export async function pushAudit(ctx: PushContext): Promise<void> {
  const { store } = ctx;
  const size = ctx.opts.batch?.records ?? 1000;
  const total = Number(store.db.prepare('SELECT count(*) AS n FROM audit_log WHERE seq > ?').get<{ n: number }>(lastPushedAuditSeq(store))!.n);
  let done = 0;
  for (;;) {
    const rows = store.db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all<AuditRow>(lastPushedAuditSeq(store), size);
    if (!rows.length) break;
    checkAborted(ctx);
    let sent = 0;
    const marked: Marked[] = [];
    await ctx.team.transaction(async (tx) => {
      for (const a of rows) {
        const res = await tx.query<{ seq: string }>(
          `INSERT INTO mlops.audit_entries (workspace_id, local_seq, seq, at, actor, action, object, reason, details_json, prev_hash, hash)
           VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (workspace_id, local_seq) DO NOTHING RETURNING seq`,
          [ctx.workspaceId, a.seq, a.at, a.actor, a.action, a.object, a.reason, a.details_json, a.prev_hash, a.hash],
        );
        let seq: number;
        if (res.rows.length) {
          sent++;
          seq = seqOf(res.rows[0].seq);
        } else {
          const cur = (await tx.query<{ hash: string; seq: string }>('SELECT hash, seq FROM mlops.audit_entries WHERE workspace_id = $1 AND local_seq = $2', [ctx.workspaceId, a.seq])).rows[0];
          if (cur.hash !== a.hash) throw conflictError('audit', String(a.seq), `${a.seq} of workspace ${ctx.workspaceId}`, cur.hash, a.hash);
          seq = seqOf(cur.seq);
        }
        marked.push({ kind: 'audit', key: String(a.seq), digest: a.hash, serverSeq: seq });
      }
    });
    store.transaction(() => markRecords(store, marked));
    ctx.report.pushed.audit += sent;
    done += rows.length;
    progress(ctx, 'audit', done, Math.max(total, done));
  }
}

export async function pushDriftChecks(ctx: PushContext, uids: readonly string[]): Promise<void> {
  let done = 0;
  for (const batch of chunks(uids, ctx.opts.batch?.records ?? 500)) {
    checkAborted(ctx);
    const checks = batch.map((uid) => driftCheckRecord(ctx.store, uid));
    let sent = 0;
    const marked: Marked[] = [];
    await ctx.team.transaction(async (tx) => {
      for (const c of checks) {
        const res = await tx.query<{ seq: string }>(
          `INSERT INTO mlops.drift_checks (uid, seq, monitor, batch_uid, reference_uid, checked_at, outcome, digest, author, workspace_id, record)
           VALUES ($1, 0, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) ON CONFLICT (uid) DO NOTHING RETURNING seq`,
          [c.uid, c.monitor, c.batch_uid, c.reference_uid, c.checked_at, c.outcome, c.digest, c.author || ctx.actor, ctx.workspaceId, JSON.stringify(c.record)],
        );
        let seq: number;
        if (res.rows.length) {
          sent++;
          seq = seqOf(res.rows[0].seq);
        } else {
          const cur = (await tx.query<{ digest: string; seq: string }>('SELECT digest, seq FROM mlops.drift_checks WHERE uid = $1', [c.uid])).rows[0];
          if (cur.digest !== c.digest) throw conflictError('drift_check', c.uid, c.uid, cur.digest, c.digest);
          seq = seqOf(cur.seq);
        }
        marked.push({ kind: 'drift_check', key: c.uid, digest: c.digest, serverSeq: seq });
      }
    });
    ctx.store.transaction(() => markRecords(ctx.store, marked));
    ctx.report.pushed.drift_check += sent;
    done += batch.length;
    progress(ctx, 'drift_check', done, uids.length);
  }
}
