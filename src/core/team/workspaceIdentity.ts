// Who a workspace is to the team store: the random id migration 6 wrote into workspace_meta, so
// records, alias events and audit chains from two clones of the same project never mix.
import type { Store } from '../store/store';
import type { TeamQuery } from './teamConnect';

/** This workspace's id (32 hex characters), from workspace_meta. */
export function workspaceId(store: Store): string {
  const row = store.statement("SELECT value FROM workspace_meta WHERE key = 'workspace_id'").get<{ value: string }>();
  if (!row?.value) throw new Error(`${store.file} has no workspace_id in workspace_meta (migration 6 writes it): the store is damaged`);
  return row.value;
}

/** Records this workspace on the team store on its first push; later calls change nothing. */
export async function registerWorkspace(db: TeamQuery, store: Store, author: string): Promise<string> {
  const id = workspaceId(store);
  await db.query('INSERT INTO mlops.workspaces (id, author, seq) VALUES ($1, $2, 0) ON CONFLICT (id) DO NOTHING', [id, author]);
  return id;
}
