// `mlops pull`, the records part: what the team store changed after the sequence this workspace last
// reached (team_sync.pulled_seq), page by page in the server's commit order. Each page is applied in
// ONE local transaction together with its new pulled_seq, so a pull killed at any point resumes
// where the last committed page ended, with nothing lost and nothing applied twice. A pull with
// nothing new costs one query.
import type { Store } from '../store/store';
import { applyPage } from './applyRecords';
import { toInt, type ApplyContext, type ChangeRow, type PulledMetric } from './applyRecordsShared';
import { newRunIds } from './applyRecordsRuns';
import { readRunMetrics, type MetricsSource } from './pullMetrics';
import { emptyCounts, type PushProgress, type RecordPullReport } from './types';

/** What pull needs of a team store connection (teamConnect's TeamDb, or a pg.Pool in tests). */
export interface PullSource extends MetricsSource {
  /** The database URL without its password: team_sync.team. */
  readonly display?: string;
}

export interface PullOptions {
  signal?: AbortSignal;
  /** After each committed page: records applied so far of the total known (kind: the page's last). */
  onProgress?: (p: PushProgress) => void;
  /** Changes per page (one query, one local transaction). */
  pageSize?: number;
}

/** RecordPullReport plus who the pulled records came from ("3 runs from Bob <bob@x>"). */
export interface PullRecordsReport extends RecordPullReport {
  /** Authors of the runs, versions and drift checks, and actors of the alias moves, this pull brought; sorted. */
  authors: string[];
}

/** The largest page changes_since takes (its limit is an integer). */
const MAX_PAGE = 2_147_483_647;

/**
 * Brings the team store's changes after team_sync.pulled_seq into the local store. `root` is the
 * workspace root, as for pushRecords. Throws the signal's reason when aborted between pages (every
 * page before stays applied).
 */
export async function pullRecords(store: Store, root: string, team: PullSource, opts: PullOptions = {}): Promise<PullRecordsReport> {
  const pageSize = opts.pageSize ?? 5000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE) throw new RangeError(`pullRecords: pageSize must be a positive integer, not ${pageSize}`);
  const report: RecordPullReport = { pulled: emptyCounts(), seq: startSeq(store, team.display ?? ''), renumbered: [] };
  const workspaceId = ownWorkspaceId(store);
  const authors = new Set<string>();
  let done = 0;
  let total: number | undefined;
  for (;;) {
    opts.signal?.throwIfAborted();
    const { rows } = await team.query('SELECT seq, kind, payload FROM mlops.changes_since($1, $2)', [report.seq, pageSize]);
    const page = rows as ChangeRow[];
    if (!page.length) break;
    // Only when there is more than one page: how many changes in all, for progress.
    if (total === undefined && page.length === pageSize && opts.onProgress) total = await countChanges(team, report.seq);
    opts.signal?.throwIfAborted();
    const metrics = await newRunMetrics(store, team, page);
    const now = Date.now();
    const ctx: ApplyContext = { store, workspaceId, report, authors, metrics, now };
    store.transaction(() => {
      // Another pull of this workspace (the editor's periodic one, a CLI) may have applied part of
      // this page meanwhile: re-read under the write lock and apply only what lies beyond it.
      const reached = Number(store.statement('SELECT pulled_seq FROM team_sync WHERE id = 1').get<{ pulled_seq: number }>()!.pulled_seq);
      const fresh = page.filter((row) => toInt(row.seq, 'change sequence') > reached);
      const seq = fresh.length ? applyPage(ctx, fresh) : reached;
      store.statement('UPDATE team_sync SET pulled_seq = ?, pulled_at = ? WHERE id = 1').run(seq, now);
      report.seq = seq;
    });
    done += page.length;
    opts.onProgress?.({ kind: progressKind(page[page.length - 1].kind), done, total: Math.max(total ?? done, done) });
    if (page.length < pageSize) break;
  }
  authors.delete('');
  return { ...report, authors: [...authors].sort((a, b) => a.localeCompare(b)) };
}

/**
 * The sequence reached by the last pull from this team store; the team_sync row is created by the
 * first pull. Another team store (mlops.json now names another database) starts again from 0: its
 * sequence has nothing to do with the old one's, and records already here are only marked again.
 */
function startSeq(store: Store, team: string): number {
  return store.transaction(() => {
    store.statement('INSERT INTO team_sync (id, team, pulled_seq) VALUES (1, ?, 0) ON CONFLICT (id) DO NOTHING').run(team);
    const row = store.statement('SELECT team, pulled_seq FROM team_sync WHERE id = 1').get<{ team: string; pulled_seq: number }>()!;
    if (team && row.team !== team) {
      store.statement('UPDATE team_sync SET team = ?, pulled_seq = 0 WHERE id = 1').run(team);
      return 0;
    }
    return Number(row.pulled_seq);
  });
}

function ownWorkspaceId(store: Store): string {
  const row = store.statement("SELECT value FROM workspace_meta WHERE key = 'workspace_id'").get<{ value: string }>();
  if (!row) throw new Error(`${store.file}: workspace_meta has no workspace_id (the store's migration 6 did not complete); reopen the store`);
  return row.value;
}

async function countChanges(team: PullSource, seq: number): Promise<number> {
  const { rows } = await team.query('SELECT count(*) AS n FROM mlops.changes_since($1, $2)', [seq, MAX_PAGE]);
  return Number((rows[0] as { n: string }).n);
}

/** The metric rows of the page's runs that are not here yet, in one statement. */
async function newRunMetrics(store: Store, team: PullSource, page: readonly ChangeRow[]): Promise<Map<string, PulledMetric[]>> {
  return readRunMetrics(team, newRunIds({ store }, page.filter((r) => r.kind === 'run').map((r) => String(r.payload.id))));
}

function progressKind(kind: string): PushProgress['kind'] {
  switch (kind) {
    case 'dataset':
      return 'dataset_version';
    case 'model':
    case 'alias':
    case 'protected_alias':
      return 'model_version';
    case 'run':
    case 'pipeline_run':
    case 'dataset_version':
    case 'model_version':
    case 'alias_event':
    case 'audit':
    case 'drift_check':
      return kind;
    default:
      return 'run';
  }
}
