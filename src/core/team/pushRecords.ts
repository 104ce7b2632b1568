// `mlops push`'s records part: this workspace's records to the team store, in the order their
// references need (datasets and their versions, runs that read them, the pipeline runs that ran
// them, models and their versions, alias moves, the audit chain, drift checks). Each batch is one server transaction, then one local
// transaction noting what it committed: a killed push loses nothing and doubles nothing.
import { currentActor } from '../audit/actor';
import type { Store } from '../store/store';
import type { PushContext } from './pushContext';
import { pushAliasEvents, pushAudit, pushDriftChecks } from './pushEvents';
import { pushPipelineRuns } from './pushPipelineRuns';
import { planPush } from './pushPlan';
import { pushRuns } from './pushRuns';
import type { PushOptions, TeamQueryable } from './pushTypes';
import { pushDatasetVersions, pushModelVersions } from './pushVersions';
import { emptyCounts, type RecordPushReport } from './types';
import { registerWorkspace, workspaceId } from './workspaceIdentity';

export async function pushRecords(store: Store, root: string, team: TeamQueryable, opts: PushOptions = {}): Promise<RecordPushReport> {
  const plan = planPush(store, opts.refs);
  const report: RecordPushReport = { pushed: emptyCounts(), renumbered: [], aliasConflicts: [], skipped: [...plan.skipped] };
  opts.signal?.throwIfAborted();
  const actor = currentActor(root);
  const id = workspaceId(store);
  // Only when missing: even an INSERT that conflicts draws a change sequence and the team write lock.
  if (!(await team.query('SELECT 1 FROM mlops.workspaces WHERE id = $1', [id])).rows.length) await registerWorkspace(team, store, actor);
  const ctx: PushContext = { store, team, opts, report, workspaceId: id, actor };
  await pushDatasetVersions(ctx, plan.datasetVersions);
  await pushRuns(ctx, plan.runs);
  await pushPipelineRuns(ctx, plan.pipelineRuns);
  await pushModelVersions(ctx, plan.modelVersions);
  await pushAliasEvents(ctx, plan.aliasEvents);
  await pushAudit(ctx);
  await pushDriftChecks(ctx, plan.driftChecks);
  store.db
    .prepare('INSERT INTO team_sync (id, team, pushed_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET pushed_at = excluded.pushed_at')
    .run(team.display, Date.now());
  return report;
}
