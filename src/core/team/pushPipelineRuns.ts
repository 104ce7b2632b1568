// Ended pipeline runs to the team store, after the runs (their stage runs go first, so a teammate's
// pull usually has them when the pipeline run arrives). Inserted by id, ON CONFLICT DO NOTHING; one
// already there must have the same digest: a pipeline run never changes once it has ended.
import { checkAborted, chunks, conflictError, markRecords, progress, seqOf, type Marked, type PushContext } from './pushContext';
import { pipelineRunRecord } from './pipelineRunRecord';

export async function pushPipelineRuns(ctx: PushContext, ids: readonly string[]): Promise<void> {
  let done = 0;
  for (const batch of chunks(ids, ctx.opts.batch?.records ?? 500)) {
    checkAborted(ctx);
    const runs = batch.map((id) => pipelineRunRecord(ctx.store, id));
    let sent = 0;
    const marked: Marked[] = [];
    await ctx.team.transaction(async (tx) => {
      for (const p of runs) {
        const r = p.record;
        const res = await tx.query<{ seq: string }>(
          `INSERT INTO mlops.pipeline_runs (id, seq, pipeline, status, started_at, ended_at, digest, author, workspace_id, record)
           VALUES ($1, 0, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) ON CONFLICT (id) DO NOTHING RETURNING seq`,
          [p.id, r.pipeline, r.status, r.started_at, r.ended_at, p.digest, p.author || ctx.actor, ctx.workspaceId, JSON.stringify(r)],
        );
        let seq: number;
        if (res.rows.length) {
          sent++;
          seq = seqOf(res.rows[0].seq);
        } else {
          const cur = (await tx.query<{ digest: string; seq: string }>('SELECT digest, seq FROM mlops.pipeline_runs WHERE id = $1', [p.id])).rows[0];
          if (cur.digest !== p.digest) throw conflictError('pipeline_run', p.id, `${r.pipeline} (${p.id})`, cur.digest, p.digest);
          seq = seqOf(cur.seq);
        }
        marked.push({ kind: 'pipeline_run', key: p.id, digest: p.digest, serverSeq: seq });
      }
    });
    ctx.store.transaction(() => markRecords(ctx.store, marked));
    ctx.report.pushed.pipeline_run += sent;
    done += batch.length;
    progress(ctx, 'pipeline_run', done, ids.length);
  }
}
