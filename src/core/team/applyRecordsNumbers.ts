// Version numbers on pull: a teammate's version takes the number the team store gave it. A local,
// unshared version holding that number moves aside to the next free one first (audited as
// 'version.renumbered', through renumber.ts), so train@5 means the same bytes for everyone.
import type { Store } from '../store/store';
import { claimVersionNumber, type VersionMove, type VersionScope } from './renumber';
import type { ApplyContext } from './applyRecordsShared';
import { TeamConflictError } from './types';

type Kind = 'dataset_version' | 'model_version';

/** Frees `number` for a teammate's version about to be inserted with it. */
export function makeRoomForNumber(ctx: ApplyContext, kind: Kind, scope: VersionScope, number: number, incomingUid: string): void {
  const { store } = ctx;
  const t = scopeSql(kind, scope);
  const holder = store.statement(`SELECT uid, shared FROM ${t.table} WHERE version = ? AND ${t.where}`).get<{ uid: string; shared: number }>(number, ...t.args);
  if (!holder) return;
  if (Number(holder.shared)) {
    throw new TeamConflictError(
      `${t.describe} v${number} is already the team's version ${holder.uid} here, yet the team store gives that number to ${incomingUid}: ` +
        'this store and the team store disagree; report it with both uids',
      kind,
      incomingUid,
    );
  }
  // claimVersionNumber moves a version to a number, keeps a model's alias history and last_version
  // in step and audits the move; the holder stays this workspace's own, unshared version.
  const moves = claim(store, kind, scope, nextFreeNumber(store, kind, scope), holder.uid);
  store.statement(`UPDATE ${t.table} SET shared = 0 WHERE uid = ?`).run(holder.uid);
  report(ctx, moves);
}

/** A known version (pushed from here, or pulled before) gets the team's number and shared = 1. */
export function claimTeamNumber(ctx: ApplyContext, kind: Kind, scope: VersionScope, number: number, uid: string): void {
  report(ctx, claim(ctx.store, kind, scope, number, uid));
}

function claim(store: Store, kind: Kind, scope: VersionScope, number: number, uid: string): VersionMove[] {
  return kind === 'dataset_version'
    ? claimVersionNumber(store, 'dataset_version', scope as { dataset: string; item: string }, number, uid)
    : claimVersionNumber(store, 'model_version', scope as { model: string }, number, uid);
}

function report(ctx: ApplyContext, moves: VersionMove[]): void {
  for (const m of moves) ctx.report.renumbered.push({ kind: m.kind, ref: m.ref, from: m.from, to: m.to });
}

function nextFreeNumber(store: Store, kind: Kind, scope: VersionScope): number {
  const t = scopeSql(kind, scope);
  const max = Number(store.statement(`SELECT coalesce(max(version), 0) AS m FROM ${t.table} WHERE ${t.where}`).get<{ m: number }>(...t.args)!.m);
  if (kind === 'dataset_version') return max + 1;
  const last = store.statement('SELECT last_version FROM models WHERE name = ?').get<{ last_version: number }>(t.args[0]);
  return Math.max(max, Number(last?.last_version ?? 0)) + 1;
}

function scopeSql(kind: Kind, scope: VersionScope): { table: string; where: string; args: string[]; describe: string } {
  if (kind === 'dataset_version') {
    const s = scope as { dataset: string; item: string };
    return { table: 'dataset_versions', where: 'dataset = ? AND item = ?', args: [s.dataset, s.item], describe: `dataset ${s.dataset} item ${s.item}` };
  }
  const model = (scope as { model: string }).model;
  return { table: 'model_versions', where: 'model = ?', args: [model], describe: `model ${model}` };
}
