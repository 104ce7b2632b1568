// Dataset and model versions to the team store, numbered there: each is sent with number 0 and the
// trigger assigns the next one for its item or model (RETURNING number). Back here, in one local
// transaction per batch, the version takes that number (renumber.ts, moving an unshared local
// version aside when it held it) and is marked pushed.
import { checkAborted, chunks, conflictError, markRecords, progress, seqOf, type Marked, type PushContext } from './pushContext';
import { modelTagsDigest } from './recordDigest';
import { claimVersionNumber, type VersionMove } from './renumber';
import { datasetVersionRecord, modelVersionRecord, type DatasetVersionPush, type ModelVersionPush } from './versionRecords';

interface Numbered {
  uid: string;
  number: number;
  seq: number;
  /** The team's version of the same bytes this one became (its uid and digest), instead of a new one. */
  adopted?: { uid: string; digest: string };
}

export async function pushDatasetVersions(ctx: PushContext, uids: readonly string[]): Promise<void> {
  const ready = usable(ctx, 'dataset_version', uids.map((uid) => datasetVersionRecord(ctx.store, uid)), (v) => [v.hash, ...v.record.children]);
  let done = uids.length - ready.length;
  for (const batch of chunks(ready, ctx.opts.batch?.records ?? 500)) {
    checkAborted(ctx);
    let sent = 0;
    const numbered = await ctx.team.transaction(async (tx) => {
      const out: Numbered[] = [];
      const adopted = new Set<string>();
      for (const name of new Set(batch.map((v) => v.dataset))) {
        const path = batch.find((v) => v.dataset === name)!.datasetPath;
        await tx.query('INSERT INTO mlops.datasets (name, path, seq) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING', [name, path]);
      }
      for (const v of batch) {
        // The same bytes already on the team (every clone of a repository versions the same
        // train.csv): this version becomes that one. The datasets insert above holds the team write
        // lock, so two pushes of one content cannot both miss each other here.
        const twin = (
          await tx.query<{ uid: string; number: number; seq: string; digest: string }>(
            `SELECT uid, number, seq, digest FROM mlops.dataset_versions WHERE dataset = $1 AND item = $2 AND hash = $3 AND uid <> $4 ORDER BY number LIMIT 1`,
            [v.dataset, v.item, v.hash, v.uid],
          )
        ).rows[0];
        if (twin && !localUidTaken(ctx, twin.uid) && !adopted.has(twin.uid)) {
          adopted.add(twin.uid);
          out.push({ uid: v.uid, number: Number(twin.number), seq: seqOf(twin.seq), adopted: { uid: twin.uid, digest: twin.digest } });
          continue;
        }
        const res = await tx.query<{ number: number; seq: string }>(
          `INSERT INTO mlops.dataset_versions (uid, seq, dataset, item, number, kind, hash, size, created_at, digest, author, workspace_id, record)
           VALUES ($1, 0, $2, $3, 0, $4, $5, $6, $7, $8, $9, $10, $11::jsonb) ON CONFLICT (uid) DO NOTHING RETURNING number, seq`,
          [v.uid, v.dataset, v.item, v.kind, v.hash, v.size, v.created_at, v.digest, v.author || ctx.actor, ctx.workspaceId, JSON.stringify(v.record)],
        );
        if (res.rows.length) {
          sent++;
          out.push({ uid: v.uid, number: Number(res.rows[0].number), seq: seqOf(res.rows[0].seq) });
          continue;
        }
        const cur = (await tx.query<{ number: number; seq: string; digest: string }>('SELECT number, seq, digest FROM mlops.dataset_versions WHERE uid = $1', [v.uid])).rows[0];
        if (cur.digest !== v.digest) throw conflictError('dataset_version', v.uid, `${v.dataset}:${v.item} v${v.number} (${v.uid})`, cur.digest, v.digest);
        out.push({ uid: v.uid, number: Number(cur.number), seq: seqOf(cur.seq) });
      }
      return out;
    });
    ctx.store.transaction(() => {
      const marked: Marked[] = [];
      batch.forEach((v, i) => {
        const n = numbered[i];
        const uid = n.adopted?.uid ?? v.uid;
        if (n.adopted) ctx.store.statement('UPDATE dataset_versions SET uid = ? WHERE uid = ?').run(uid, v.uid);
        report(ctx, claimVersionNumber(ctx.store, 'dataset_version', { dataset: v.dataset, item: v.item }, n.number, uid));
        marked.push({ kind: 'dataset_version', key: uid, digest: n.adopted?.digest ?? v.digest, serverSeq: n.seq });
      });
      markRecords(ctx.store, marked);
    });
    ctx.report.pushed.dataset_version += sent;
    done += batch.length;
    progress(ctx, 'dataset_version', done, uids.length);
  }
}

export async function pushModelVersions(ctx: PushContext, uids: readonly string[]): Promise<void> {
  const ready = usable(ctx, 'model_version', uids.map((uid) => modelVersionRecord(ctx.store, uid)), (v) => [...(v.artifact_hash ? [v.artifact_hash] : []), ...v.record.children]);
  let done = uids.length - ready.length;
  for (const batch of chunks(ready, ctx.opts.batch?.records ?? 500)) {
    checkAborted(ctx);
    let sent = 0;
    const numbered = await ctx.team.transaction(async (tx) => {
      const out: Numbered[] = [];
      for (const name of new Set(batch.map((v) => v.model))) {
        const description = batch.find((v) => v.model === name)!.modelDescription;
        await tx.query('INSERT INTO mlops.models (name, description, seq) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING', [name, description]);
      }
      for (const v of batch) {
        const res = await tx.query<{ number: number; seq: string }>(
          `INSERT INTO mlops.model_versions (uid, seq, model, number, run_id, artifact_hash, created_at, digest, author, workspace_id, record, tags)
           VALUES ($1, 0, $2, 0, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb) ON CONFLICT (uid) DO NOTHING RETURNING number, seq`,
          [v.uid, v.model, v.run_id, v.artifact_hash, v.created_at, v.digest, v.record.registered_by || ctx.actor, ctx.workspaceId, JSON.stringify(v.record), JSON.stringify(v.tags)],
        );
        if (res.rows.length) {
          sent++;
          out.push({ uid: v.uid, number: Number(res.rows[0].number), seq: seqOf(res.rows[0].seq) });
          continue;
        }
        const cur = (await tx.query<{ number: number; seq: string; digest: string; tags: Record<string, string> }>('SELECT number, seq, digest, tags FROM mlops.model_versions WHERE uid = $1', [v.uid])).rows[0];
        if (cur.digest !== v.digest) throw conflictError('model_version', v.uid, `${v.model}@${v.number} (${v.uid})`, cur.digest, v.digest);
        let seq = seqOf(cur.seq);
        // Tags stay editable: the last push wins.
        if (modelTagsDigest(cur.tags ?? {}) !== v.tagsDigest) {
          const upd = await tx.query<{ seq: string }>('UPDATE mlops.model_versions SET tags = $2::jsonb WHERE uid = $1 RETURNING seq', [v.uid, JSON.stringify(v.tags)]);
          seq = seqOf(upd.rows[0].seq);
          sent++;
        }
        out.push({ uid: v.uid, number: Number(cur.number), seq });
      }
      return out;
    });
    ctx.store.transaction(() => {
      const marked: Marked[] = [];
      batch.forEach((v, i) => {
        const n = numbered[i];
        report(ctx, claimVersionNumber(ctx.store, 'model_version', { model: v.model }, n.number, v.uid));
        marked.push({ kind: 'model_version', key: v.uid, digest: v.tagsDigest, serverSeq: n.seq });
      });
      markRecords(ctx.store, marked);
    });
    ctx.report.pushed.model_version += sent;
    done += batch.length;
    progress(ctx, 'model_version', done, uids.length);
  }
}

/** Whether a version here already is the team's version `uid` (pulled, or adopted before). */
function localUidTaken(ctx: PushContext, uid: string): boolean {
  return !!ctx.store.statement('SELECT 1 FROM dataset_versions WHERE uid = ?').get(uid);
}

/** The records whose objects the remote has; the others are reported skipped. */
function usable<T extends DatasetVersionPush | ModelVersionPush>(ctx: PushContext, kind: 'dataset_version' | 'model_version', records: T[], objects: (r: T) => string[]): T[] {
  const unavailable = ctx.opts.unavailableObjects;
  if (!unavailable?.size) return records;
  return records.filter((r) => {
    const missing = objects(r).find((h) => unavailable.has(h));
    if (missing) ctx.report.skipped.push({ kind, key: r.uid, reason: `object ${missing} is not on the remote` });
    return !missing;
  });
}

/** "train (local v3) is now v5": the ref without its number, for the report's sentence. */
function report(ctx: PushContext, moves: VersionMove[]): void {
  for (const m of moves) ctx.report.renumbered.push({ kind: m.kind, ref: m.ref.replace(/@\d+$/, ''), from: m.from, to: m.to });
}

