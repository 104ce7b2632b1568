// What the status bar and `mlops team status` say: how much this workspace has that the team store
// lacks (local SQL anti-joins, no records built) and how many changes a pull would bring (one count
// over the server's change sequence). Cheap enough to poll.
import type { Store } from '../store/store';
import { aheadCounts } from './pushPlan';
import type { TeamQuery } from './teamConnect';
import type { TeamStatus } from './types';
import { workspaceId } from './workspaceIdentity';

/** Changes read for the count at most; a status bar says "100000+" rather than scanning a whole history. */
export const BEHIND_LIMIT = 100000;

interface SyncRow {
  pulled_seq: number;
  pulled_at: number | null;
  pushed_at: number | null;
}

export async function teamStatus(store: Store, team: TeamQuery & { display: string }): Promise<TeamStatus> {
  const sync = store.db.prepare('SELECT pulled_seq, pulled_at, pushed_at FROM team_sync WHERE id = 1').get<SyncRow>();
  // Teammates' records: this workspace's own pushes come back in the sequence too, and the rows that
  // only accompany a record (its workspace, dataset, model, the alias beside its move) are not counted twice.
  const { rows } = await team.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM mlops.changes_since($1, $2) c
      WHERE c.kind NOT IN ('workspace', 'dataset', 'model', 'alias') AND c.payload->>'workspace_id' IS DISTINCT FROM $3`,
    [sync?.pulled_seq ?? 0, BEHIND_LIMIT, workspaceId(store)],
  );
  return {
    team: team.display,
    ahead: aheadCounts(store),
    behind: rows[0]?.n ?? 0,
    ...(sync?.pulled_at ? { pulledAt: sync.pulled_at } : {}),
    ...(sync?.pushed_at ? { pushedAt: sync.pushed_at } : {}),
  };
}
