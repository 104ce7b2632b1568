// A version's number is provisional until the team store assigns one (serverMigrations.ts,
// number_version): push and pull both end by giving a local version the team's number. A local,
// unshared version already holding that number moves aside to the next free one, so train@5 means
// the same bytes for every teammate and nothing local is lost.
import { appendAudit } from '../audit/appendAudit';
import { datasetVersionRef } from '../audit/datasetEvents';
import type { Store } from '../store/store';
import { TeamConflictError } from './types';

export type VersionScope = { dataset: string; item: string } | { model: string };

/** One number that changed: ref is the version's reference with its new number ("train@5", "churn@5"). */
export interface VersionMove {
  kind: 'dataset_version' | 'model_version';
  ref: string;
  uid: string;
  from: number;
  to: number;
}

interface VersionRow {
  id: number;
  uid: string;
  version: number;
  shared: number;
}

/**
 * Gives the version `uid` the team store's `number` and marks it shared, in one local transaction
 * (a savepoint inside the caller's). Returns the numbers that changed (the version itself and any
 * local version moved aside), each also recorded as a 'version.renumbered' audit entry.
 */
export function claimVersionNumber(store: Store, kind: 'dataset_version', scope: { dataset: string; item: string }, number: number, uid: string): VersionMove[];
export function claimVersionNumber(store: Store, kind: 'model_version', scope: { model: string }, number: number, uid: string): VersionMove[];
export function claimVersionNumber(store: Store, kind: 'dataset_version' | 'model_version', scope: VersionScope, number: number, uid: string): VersionMove[] {
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`claimVersionNumber: the team store's number must be a positive integer, not ${number}`);
  const t = kind === 'dataset_version' ? datasetTable(scope as { dataset: string; item: string }) : modelTable(scope as { model: string });
  return store.transaction(() => {
    const target = store.db.prepare(`SELECT id, uid, version, shared FROM ${t.table} WHERE uid = ? AND ${t.where}`).get<VersionRow>(uid, ...t.args);
    if (!target) throw new Error(`${t.describe()}: no local version with uid ${uid} (was it deleted while it was being pushed?)`);
    const moves: VersionMove[] = [];
    if (Number(target.version) !== number) {
      const holder = store.db.prepare(`SELECT id, uid, version, shared FROM ${t.table} WHERE version = ? AND ${t.where}`).get<VersionRow>(number, ...t.args);
      if (holder && Number(holder.shared)) {
        throw new TeamConflictError(
          `${t.describe()} v${number} is already the team's version ${holder.uid}, yet the team store gave that number to ${uid}: ` +
            'this store and the team store disagree; run `mlops pull` and report it if it persists',
          kind,
          uid,
        );
      }
      if (holder) moves.push(move(store, t, holder, nextFree(store, t)));
      moves.push(move(store, t, target, number));
    }
    store.db.prepare(`UPDATE ${t.table} SET shared = 1 WHERE id = ?`).run(target.id);
    if (kind === 'model_version') {
      // registerModel numbers from last_version: a number the team gave must never be handed out again.
      store.db.prepare('UPDATE models SET last_version = max(last_version, ?) WHERE name = ?').run(number, t.args[0]);
    }
    for (const m of moves) {
      appendAudit(store, { action: 'version.renumbered', object: m.ref, details: { from: m.from, to: m.to, uid: m.uid } });
    }
    return moves;
  });
}

interface Table {
  kind: 'dataset_version' | 'model_version';
  table: 'dataset_versions' | 'model_versions';
  where: string;
  args: string[];
  describe(): string;
  ref(store: Store, version: number): string;
}

function datasetTable(s: { dataset: string; item: string }): Table {
  return {
    kind: 'dataset_version',
    table: 'dataset_versions',
    where: 'dataset = ? AND item = ?',
    args: [s.dataset, s.item],
    describe: () => `dataset ${s.dataset} item ${s.item}`,
    ref: (store, version) => datasetVersionRef(store, { dataset: s.dataset, item: s.item, version }),
  };
}

function modelTable(s: { model: string }): Table {
  return {
    kind: 'model_version',
    table: 'model_versions',
    where: 'model = ?',
    args: [s.model],
    describe: () => `model ${s.model}`,
    ref: (_store, version) => `${s.model}@${version}`,
  };
}

/** max + 1 over the item's or model's versions (a model's last_version too: deleted numbers stay used). */
function nextFree(store: Store, t: Table): number {
  const max = Number(store.db.prepare(`SELECT coalesce(max(version), 0) AS m FROM ${t.table} WHERE ${t.where}`).get<{ m: number }>(...t.args)!.m);
  if (t.kind === 'dataset_version') return max + 1;
  const last = Number(store.db.prepare('SELECT last_version FROM models WHERE name = ?').get<{ last_version: number }>(t.args[0])?.last_version ?? 0);
  return Math.max(max, last) + 1;
}

// Through a negative number: UNIQUE (…, version) holds at every statement, and `to` may be the
// number another row is leaving in this same claim.
function move(store: Store, t: Table, row: VersionRow, to: number): VersionMove {
  const from = Number(row.version);
  store.db.prepare(`UPDATE ${t.table} SET version = ? WHERE id = ?`).run(-Number(row.id), row.id);
  store.db.prepare(`UPDATE ${t.table} SET version = ? WHERE id = ?`).run(to, row.id);
  if (t.kind === 'model_version') {
    // Only this workspace's own events name versions by local number; pulled ones carry the team's.
    const model = t.args[0];
    store.db.prepare("UPDATE alias_events SET old_version = ? WHERE model = ? AND old_version = ? AND origin = 'local'").run(to, model, from);
    store.db.prepare("UPDATE alias_events SET new_version = ? WHERE model = ? AND new_version = ? AND origin = 'local'").run(to, model, from);
    store.db.prepare('UPDATE models SET last_version = max(last_version, ?) WHERE name = ?').run(to, model);
  }
  return { kind: t.kind, ref: t.ref(store, to), uid: row.uid, from, to };
}
