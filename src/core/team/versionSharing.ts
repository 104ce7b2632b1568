// What the Datasets and Models views say of a version once a team shares the store: whether its
// number is still this workspace's own (shared = 0: "v3 (local)", the team store renumbers it on push)
// and whether its object is here or only on the remote (pulled records bring no bytes until fetched).
import { hasObject } from '../data/objectCache';
import type { Store } from '../store/store';

export interface VersionSharing {
  /** The number is provisional: this version has not reached the team store. */
  local: boolean;
  /** The version's object (file, folder manifest or model artifact) is not in .mlops/objects. */
  remoteOnly: boolean;
  /** Who made it when a teammate did (pulled), else ''. */
  teammate: string;
}

/** One version's sharing, by its local id (a primary-key read and one stat); undefined for an unknown id. */
export function versionSharing(store: Store, root: string, kind: 'dataset' | 'model', id: number): VersionSharing | undefined {
  const sql =
    kind === 'dataset'
      ? "SELECT shared, hash, CASE WHEN origin = 'team' THEN author ELSE '' END AS teammate FROM dataset_versions WHERE id = ?"
      : "SELECT shared, artifact_hash AS hash, CASE WHEN origin = 'team' THEN registered_by ELSE '' END AS teammate FROM model_versions WHERE id = ?";
  const r = store.db.prepare(sql).get<{ shared: number; hash: string | null; teammate: string }>(id);
  if (!r) return undefined;
  return { local: Number(r.shared) === 0, remoteOnly: r.hash !== null && !hasObject(root, r.hash), teammate: r.teammate };
}
