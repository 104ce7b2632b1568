// Pulled datasets and dataset versions. A teammate's version is inserted with the number the team
// store gave it (origin 'team', shared), its validation and its folder's object list; a version
// already here (pushed from here, or pulled before) only takes the team's number.
import { claimTeamNumber, makeRoomForNumber } from './applyRecordsNumbers';
import { markTeamRecord, str, toInt, toIntOrNull, type ApplyContext } from './applyRecordsShared';
import type { DatasetVersionRecord } from './recordTypes';

/** The datasets row versions hang off; a path set here (mlops.json) is kept. */
export function applyDataset(ctx: ApplyContext, p: Record<string, unknown>): void {
  ensureDataset(ctx, str(p.name), str(p.path));
}

function ensureDataset(ctx: ApplyContext, name: string, path: string): void {
  ctx.store.statement('INSERT INTO datasets (name, path, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING').run(name, path, ctx.now);
}

export function applyDatasetVersion(ctx: ApplyContext, p: Record<string, unknown>, seq: number): void {
  const { store } = ctx;
  const uid = str(p.uid);
  const dataset = str(p.dataset);
  const item = str(p.item);
  const number = toInt(p.number, `dataset version ${uid} number`);
  const scope = { dataset, item };
  const known = store.statement('SELECT id FROM dataset_versions WHERE uid = ?').get<{ id: number }>(uid);
  // The same bytes versioned here before any push (every clone of a repository versions the same
  // train.csv): that local version becomes the teammate's, rather than a second version of one content.
  if (!known && adoptLocalTwin(ctx, scope, str(p.hash), uid)) {
    claimTeamNumber(ctx, 'dataset_version', scope, number, uid);
  } else if (known) {
    claimTeamNumber(ctx, 'dataset_version', scope, number, uid);
  } else {
    const r = p.record as DatasetVersionRecord;
    // The dataset's row normally came first (its seq is older); a renamed path can reorder them.
    ensureDataset(ctx, dataset, item);
    makeRoomForNumber(ctx, 'dataset_version', scope, number, uid);
    const res = store
      .statement(
        `INSERT INTO dataset_versions (dataset, item, kind, version, hash, size, mtime, created_at, source, note, uid, author, origin, shared)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'team', 1)`,
      )
      .run(
        dataset,
        item,
        str(p.kind),
        number,
        str(p.hash),
        toInt(p.size, `dataset version ${uid} size`),
        toIntOrNull(r.mtime, `dataset version ${uid} mtime`),
        toInt(p.created_at, `dataset version ${uid} created_at`),
        r.source,
        r.note ?? '',
        uid,
        str(p.author),
      );
    const id = Number(res.lastInsertRowid);
    if (r.validation) {
      const v = r.validation;
      store
        .statement('INSERT INTO validations (dataset_version_id, expectations_json, success, result_json, validated_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, v.expectations_json, v.success, v.result_json, v.validated_at);
    }
    linkChildren(ctx, str(p.hash), r.children);
    ctx.report.pulled.dataset_version++;
    ctx.authors.add(str(p.author));
  }
  markTeamRecord(ctx, 'dataset_version', uid, str(p.digest), seq);
}

/**
 * Gives the oldest unshared local version of this item with this content the team's uid, so push
 * and pull both treat it as that version; false when there is none.
 */
export function adoptLocalTwin(ctx: Pick<ApplyContext, 'store'>, scope: { dataset: string; item: string }, hash: string, uid: string): boolean {
  const twin = ctx.store
    .statement(
      `SELECT v.id FROM dataset_versions v
       WHERE v.dataset = ? AND v.item = ? AND v.hash = ? AND v.shared = 0
         AND NOT EXISTS (SELECT 1 FROM team_records r WHERE r.kind = 'dataset_version' AND r.key = v.uid)
       ORDER BY v.version LIMIT 1`,
    )
    .get<{ id: number }>(scope.dataset, scope.item, hash);
  if (!twin) return false;
  ctx.store.statement('UPDATE dataset_versions SET uid = ? WHERE id = ?').run(uid, twin.id);
  return true;
}

/** A folder's manifest -> its files, so object pulls and gc know what the version needs. */
export function linkChildren(ctx: ApplyContext, parent: string, children: readonly string[] | undefined): void {
  if (!parent || !children?.length) return;
  const link = ctx.store.statement('INSERT OR IGNORE INTO object_refs (parent, child) VALUES (?, ?)');
  for (const child of children) link.run(parent, child);
}
