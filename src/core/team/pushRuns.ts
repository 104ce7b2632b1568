// Runs to the team store: each batch (bounded in runs and metric rows, so the team write lock is
// held briefly) inserts its runs by id, ON CONFLICT DO NOTHING; a run already there must have the
// same digest (or differ only by fields one side lacks: runRecordFields), and only its tags and
// note may be updated. Metric rows go by COPY, for the runs this transaction inserted and no
// others, so a rerun after a kill never doubles them.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { checkAborted, conflictError, markRecords, progress, seqOf, type Marked, type PushContext, type Tx } from './pushContext';
import { runRecord, runObjects, type RunPush } from './runRecord';
import { runTagsDigest } from './recordDigest';
import type { RunRecord } from './recordTypes';
import { sameRunContent } from './runRecordFields';

const COPY_SQL = 'COPY mlops.run_metrics (run_id, key, step, value, timestamp) FROM STDIN';

export async function pushRuns(ctx: PushContext, ids: readonly string[]): Promise<void> {
  const maxRuns = ctx.opts.batch?.runs ?? 100;
  const maxRows = ctx.opts.batch?.metricRows ?? 50_000;
  let done = 0;
  let batch: RunPush[] = [];
  let rows = 0;
  const flush = async () => {
    checkAborted(ctx);
    if (batch.length) await pushBatch(ctx, batch);
    done += batch.length;
    progress(ctx, 'run', done, ids.length);
    batch = [];
    rows = 0;
  };
  for (const id of ids) {
    const run = runRecord(ctx.store, id);
    const missing = runObjects(run.record).find((h) => ctx.opts.unavailableObjects?.has(h));
    if (missing) {
      ctx.report.skipped.push({ kind: 'run', key: id, reason: `object ${missing} is not on the remote` });
      done++;
      continue;
    }
    if (batch.length && (batch.length >= maxRuns || rows + run.metrics.length > maxRows)) await flush();
    batch.push(run);
    rows += run.metrics.length;
  }
  await flush();
}

async function pushBatch(ctx: PushContext, batch: RunPush[]): Promise<void> {
  const marked: Marked[] = [];
  let sent = 0;
  await ctx.team.transaction(async (tx) => {
    const inserted: RunPush[] = [];
    for (const r of batch) {
      const res = await tx.query<{ seq: string }>(
        `INSERT INTO mlops.runs (id, seq, digest, author, workspace_id, record, tags, note)
         VALUES ($1, 0, $2, $3, $4, $5::jsonb, $6::jsonb, $7) ON CONFLICT (id) DO NOTHING RETURNING seq`,
        [r.id, r.digest, r.author || ctx.actor, ctx.workspaceId, JSON.stringify(r.record), JSON.stringify(r.tags), r.note],
      );
      if (res.rows.length) {
        inserted.push(r);
        sent++;
        marked.push({ kind: 'run', key: r.id, digest: r.tagsDigest, serverSeq: seqOf(res.rows[0].seq) });
        continue;
      }
      const cur = (await tx.query<{ digest: string; seq: string; tags: Record<string, string>; note: string }>('SELECT digest, seq, tags, note FROM mlops.runs WHERE id = $1', [r.id])).rows[0];
      if (cur.digest !== r.digest && !(await sameAsPushed(tx, r))) throw conflictError('run', r.id, r.id, cur.digest, r.digest);
      let seq = seqOf(cur.seq);
      // Tags and note stay editable after a run ends: the last push wins.
      if (runTagsDigest(cur.tags ?? {}, cur.note ?? '') !== r.tagsDigest) {
        const upd = await tx.query<{ seq: string }>('UPDATE mlops.runs SET tags = $2::jsonb, note = $3 WHERE id = $1 RETURNING seq', [r.id, JSON.stringify(r.tags), r.note]);
        seq = seqOf(upd.rows[0].seq);
        sent++;
      }
      marked.push({ kind: 'run', key: r.id, digest: r.tagsDigest, serverSeq: seq });
    }
    if (inserted.some((r) => r.metrics.length)) await copyMetrics(ctx, tx, inserted);
  });
  ctx.store.transaction(() => markRecords(ctx.store, marked));
  ctx.report.pushed.run += sent;
}

/** The rare case of another digest: the team's record read whole, the same run if only fields set on one side differ. */
async function sameAsPushed(tx: Tx, r: RunPush): Promise<boolean> {
  const theirs = (await tx.query<{ record: RunRecord }>('SELECT record FROM mlops.runs WHERE id = $1', [r.id])).rows[0].record;
  return sameRunContent(theirs, r.record);
}

async function copyMetrics(ctx: PushContext, tx: Tx, runs: RunPush[]): Promise<void> {
  const stream = tx.client.query(copyFrom(COPY_SQL));
  try {
    await pipeline(Readable.from(metricLines(runs)), stream);
  } catch (err) {
    throw ctx.team.error ? ctx.team.error(err, COPY_SQL) : err;
  }
}

/** COPY's text format, a few hundred rows per chunk: NULL as \N (a local NULL is NaN), infinities spelled out. */
function* metricLines(runs: RunPush[]): Generator<string> {
  let chunk = '';
  for (const r of runs) {
    const id = copyText(r.id);
    for (const m of r.metrics) {
      chunk += `${id}\t${copyText(m.key)}\t${m.step}\t${m.value === null ? '\\N' : copyNumber(m.value)}\t${m.timestamp}\n`;
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
  }
  if (chunk) yield chunk;
}

function copyText(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function copyNumber(v: number): string {
  if (Number.isNaN(v)) return '\\N';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}
