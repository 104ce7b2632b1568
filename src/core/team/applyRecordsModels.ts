// Pulled models, model versions, aliases and alias history. A teammate's version is inserted with
// the team's number (origin 'team', shared) and its tags; one already here takes the team's number
// and tags. Aliases follow the team store (where each points now, or removed); the history of
// teammates' moves joins the local alias_events with origin 'team' (this workspace's own are here).
import { claimTeamNumber, makeRoomForNumber } from './applyRecordsNumbers';
import { linkChildren } from './applyRecordsData';
import { markTeamRecord, str, toInt, toIntOrNull, replaceTags, currentTags, editedHere, type ApplyContext } from './applyRecordsShared';
import { pulledModelVersionDigest } from './pullDigests';
import { modelTagsDigest } from './recordDigest';
import type { ModelVersionRecord } from './recordTypes';

export function applyModel(ctx: ApplyContext, p: Record<string, unknown>): void {
  ensureModel(ctx, str(p.name));
  ctx.store.statement('UPDATE models SET description = ? WHERE name = ?').run(str(p.description), str(p.name));
}

function ensureModel(ctx: ApplyContext, name: string): void {
  ctx.store.statement('INSERT INTO models (name, description, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING').run(name, '', ctx.now);
}

export function applyModelVersion(ctx: ApplyContext, p: Record<string, unknown>, seq: number): void {
  const { store } = ctx;
  const uid = str(p.uid);
  const model = str(p.model);
  const number = toInt(p.number, `model version ${uid} number`);
  const tags = (p.tags ?? {}) as Record<string, string>;
  const known = store.statement('SELECT id FROM model_versions WHERE uid = ?').get<{ id: number }>(uid);
  let id: number;
  if (known) {
    id = Number(known.id);
    claimTeamNumber(ctx, 'model_version', { model }, number, uid);
    // Tags edited here since the last push stay (the next push sends them); so does their digest.
    if (editedHere(ctx, 'model_version', uid, modelTagsDigest(currentTags(ctx, 'model_version_tags', id)))) return;
    if (replaceTags(ctx, 'model_version_tags', id, tags) && !isOurs(ctx, p)) ctx.report.pulled.model_version++;
  } else {
    const r = p.record as ModelVersionRecord;
    ensureModel(ctx, model);
    makeRoomForNumber(ctx, 'model_version', { model }, number, uid);
    // The source run when it is here (pushed before its versions); a run that never reached the team
    // store leaves the link empty rather than pointing nowhere.
    const runId = typeof p.run_id === 'string' && store.statement('SELECT 1 FROM runs WHERE id = ?').get(p.run_id) ? p.run_id : null;
    const res = store
      .statement(
        `INSERT INTO model_versions (model, version, run_id, artifact_hash, created_at, artifact_path, artifact_kind, artifact_size,
                                     description, metrics_json, signature_json, registered_by, uid, origin, shared)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'team', 1)`,
      )
      .run(
        model,
        number,
        runId,
        (p.artifact_hash as string | null) ?? null,
        toInt(p.created_at, `model version ${uid} created_at`),
        r.artifact_path,
        r.artifact_kind,
        toInt(r.artifact_size, `model version ${uid} artifact_size`),
        r.description ?? '',
        r.metrics_json ?? '{}',
        r.signature_json ?? null,
        r.registered_by || str(p.author),
        uid,
      );
    id = Number(res.lastInsertRowid);
    // Numbers are never reused here: the team's version counts as handed out.
    store.statement('UPDATE models SET last_version = max(last_version, ?) WHERE name = ?').run(number, model);
    replaceTags(ctx, 'model_version_tags', id, tags);
    linkChildren(ctx, str(p.artifact_hash), r.children);
    ctx.report.pulled.model_version++;
    ctx.authors.add(str(p.author));
  }
  markTeamRecord(ctx, 'model_version', uid, pulledModelVersionDigest(p), seq);
}

function isOurs(ctx: ApplyContext, p: Record<string, unknown>): boolean {
  return p.workspace_id === ctx.workspaceId;
}

/** Where model@alias points on the team store now; version_uid NULL: removed. */
export function applyAlias(ctx: ApplyContext, p: Record<string, unknown>): void {
  const { store } = ctx;
  const model = str(p.model);
  const alias = str(p.alias);
  if (p.version_uid === null || p.version_uid === undefined) {
    store.statement('DELETE FROM model_aliases WHERE model = ? AND alias = ?').run(model, alias);
    return;
  }
  const version = store.statement('SELECT id FROM model_versions WHERE uid = ?').get<{ id: number }>(str(p.version_uid));
  // The version came before its alias (its seq is older); one deleted here cannot be pointed at.
  if (!version) return;
  ensureModel(ctx, model);
  store
    .statement(
      `INSERT INTO model_aliases (model, alias, version_id, moved_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (model, alias) DO UPDATE SET version_id = excluded.version_id, moved_at = excluded.moved_at`,
    )
    .run(model, alias, version.id, toInt(p.moved_at, `alias ${model}@${alias} moved_at`));
}

/** A teammate's alias move joins the history; this workspace's own moves are already in it. */
export function applyAliasEvent(ctx: ApplyContext, p: Record<string, unknown>, seq: number): void {
  if (isOurs(ctx, p)) return;
  const res = ctx.store
    .statement(
      `INSERT INTO alias_events (model, alias, old_version, new_version, actor, at, reason, forced, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'team')`,
    )
    .run(
      str(p.model),
      str(p.alias),
      toIntOrNull(p.old_number, 'alias event old_number'),
      toIntOrNull(p.new_number, 'alias event new_number'),
      str(p.actor),
      toInt(p.at, 'alias event at'),
      str(p.reason),
      p.forced ? 1 : 0,
    );
  markTeamRecord(ctx, 'alias_event', String(res.lastInsertRowid), `team:${str(p.workspace_id)}:${str(p.local_id)}`, seq);
  ctx.report.pulled.alias_event++;
  ctx.authors.add(str(p.actor));
}
