// What a push would send: the records here that the team store lacks (not in team_records) or whose
// editable part changed since (a run's tags or note, a model version's tags), per kind. Cheap: SQL
// anti-joins against team_records and the tags, never the records themselves (E's status calls it).
import { parseDatasetRef, resolveDatasetRef } from '../data/datasetRef';
import { parseModelRef } from '../registry/modelRef';
import { resolveModelRef } from '../registry/modelVersions';
import type { Store } from '../store/store';
import { resolveRunRef, RunRefError } from '../tracking/runRef';
import { modelTagsDigest, runTagsDigest } from './recordDigest';
import { emptyCounts, type RecordCounts, type RecordKind } from './types';

export interface PushPlan {
  /** Ended runs to insert, or whose tags/note changed, oldest first. */
  runs: string[];
  /** Ended pipeline runs the team store lacks, oldest first (of the runs in scope when refs name some). */
  pipelineRuns: string[];
  /** Dataset version uids in local creation order (numbers are assigned in push order). */
  datasetVersions: string[];
  /** Model version uids in creation order: new ones, or pushed ones whose tags changed. */
  modelVersions: string[];
  /** Local alias_events ids, in id order. */
  aliasEvents: number[];
  /** Audit entries after this local seq go (always all of them). */
  auditAfter: number;
  audit: number;
  driftChecks: string[];
  skipped: { kind: RecordKind; key: string; reason: string }[];
}

/** What the refs name: null sets mean everything. */
interface Scope {
  runs: Set<string> | null;
  datasetVersions: Set<number> | null;
  modelVersions: Set<number> | null;
  models: Set<string> | null;
}

export function planPush(store: Store, refs?: readonly string[]): PushPlan {
  const scope = refs?.length ? resolveScope(store, refs) : { runs: null, datasetVersions: null, modelVersions: null, models: null };
  const inScope = <T>(set: Set<T> | null, v: T) => set === null || set.has(v);
  const skipped: PushPlan['skipped'] = [];

  const runs: string[] = [];
  const pushedRuns = changedTags(store, 'run');
  for (const r of store.db
    .prepare(
      `SELECT r.id AS id, r.status AS status, t.key AS pushed FROM runs r LEFT JOIN team_records t ON t.kind = 'run' AND t.key = r.id
        ORDER BY r.created_at, r.id`,
    )
    .all<{ id: string; status: string; pushed: string | null }>()) {
    if (!inScope(scope.runs, r.id)) continue;
    if (r.pushed === null && (r.status === 'running' || r.status === 'queued')) skipped.push({ kind: 'run', key: r.id, reason: 'still running' });
    else if (r.pushed === null || pushedRuns.has(r.id)) runs.push(r.id);
  }

  const pipelineRuns: string[] = [];
  for (const p of store.db
    .prepare(
      `SELECT p.id AS id, p.status AS status FROM pipeline_runs p
        WHERE p.dry_run = 0 AND NOT EXISTS (SELECT 1 FROM team_records t WHERE t.kind = 'pipeline_run' AND t.key = p.id) ORDER BY p.started_at, p.id`,
    )
    .all<{ id: string; status: string }>()) {
    if (scope.runs !== null && !stageRunIds(store, p.id).some((id) => scope.runs!.has(id))) continue;
    if (p.status === 'running') skipped.push({ kind: 'pipeline_run', key: p.id, reason: 'still running' });
    else pipelineRuns.push(p.id);
  }

  const datasetVersions = store.db
    .prepare(`SELECT v.id AS id, v.uid AS uid FROM dataset_versions v WHERE NOT EXISTS (SELECT 1 FROM team_records t WHERE t.kind = 'dataset_version' AND t.key = v.uid) ORDER BY v.id`)
    .all<{ id: number; uid: string }>()
    .filter((v) => inScope(scope.datasetVersions, Number(v.id)))
    .map((v) => v.uid);

  const changedModels = changedTags(store, 'model_version');
  const modelVersions = store.db
    .prepare(`SELECT v.id AS id, v.uid AS uid, v.model AS model, t.key AS pushed FROM model_versions v LEFT JOIN team_records t ON t.kind = 'model_version' AND t.key = v.uid ORDER BY v.id`)
    .all<{ id: number; uid: string; model: string; pushed: string | null }>()
    .filter((v) => inScope(scope.modelVersions, Number(v.id)) && (v.pushed === null || changedModels.has(v.uid)))
    .map((v) => v.uid);

  const aliasEvents = store.db
    .prepare(
      `SELECT e.id AS id, e.model AS model FROM alias_events e
        WHERE e.origin = 'local' AND NOT EXISTS (SELECT 1 FROM team_records t WHERE t.kind = 'alias_event' AND t.key = CAST(e.id AS TEXT)) ORDER BY e.id`,
    )
    .all<{ id: number; model: string }>()
    .filter((e) => inScope(scope.models, e.model))
    .map((e) => Number(e.id));

  const auditAfter = lastPushedAuditSeq(store);
  const audit = Number(store.db.prepare('SELECT count(*) AS n FROM audit_log WHERE seq > ?').get<{ n: number }>(auditAfter)!.n);

  const driftChecks = store.db
    .prepare(
      `SELECT c.uid AS uid FROM drift_checks c
        WHERE c.origin = 'local' AND NOT EXISTS (SELECT 1 FROM team_records t WHERE t.kind = 'drift_check' AND t.key = c.uid) ORDER BY c.id`,
    )
    .all<{ uid: string }>()
    .map((c) => c.uid);

  return { runs, pipelineRuns, datasetVersions, modelVersions, aliasEvents, auditAfter, audit, driftChecks, skipped };
}

/** Records here the team store lacks or holds with other tags, by kind (running runs not counted). */
export function aheadCounts(store: Store): RecordCounts {
  const plan = planPush(store);
  const counts = emptyCounts();
  counts.run = plan.runs.length;
  counts.pipeline_run = plan.pipelineRuns.length;
  counts.dataset_version = plan.datasetVersions.length;
  counts.model_version = plan.modelVersions.length;
  counts.alias_event = plan.aliasEvents.length;
  counts.audit = plan.audit;
  counts.drift_check = plan.driftChecks.length;
  return counts;
}

/** The runs a pipeline run executed (refs name runs, not pipeline runs). */
function stageRunIds(store: Store, pipelineRunId: string): string[] {
  return store.db.prepare('SELECT id FROM runs WHERE pipeline_run_id = ?').all<{ id: string }>(pipelineRunId).map((r) => r.id);
}

/** The newest local audit seq on the team store (0: none). */
export function lastPushedAuditSeq(store: Store): number {
  const row = store.db.prepare("SELECT max(CAST(key AS INTEGER)) AS seq FROM team_records WHERE kind = 'audit'").get<{ seq: number | null }>();
  return Number(row?.seq ?? 0);
}

/** Keys of pushed (or pulled) runs / model versions whose tags (and note) differ from what the team store got. */
function changedTags(store: Store, kind: 'run' | 'model_version'): Set<string> {
  const changed = new Set<string>();
  if (kind === 'run') {
    const rows = store.db
      .prepare(`SELECT r.id AS key, r.note AS note, t.digest AS digest FROM runs r JOIN team_records t ON t.kind = 'run' AND t.key = r.id`)
      .all<{ key: string; note: string; digest: string }>();
    const tags = groupTags(store.db.prepare(`SELECT run_id AS owner, key, value FROM run_tags WHERE run_id IN (SELECT key FROM team_records WHERE kind = 'run') ORDER BY run_id, key`).all());
    for (const r of rows) if (runTagsDigest(tags.get(r.key) ?? {}, r.note) !== r.digest) changed.add(r.key);
  } else {
    const rows = store.db
      .prepare(`SELECT v.id AS id, v.uid AS key, t.digest AS digest FROM model_versions v JOIN team_records t ON t.kind = 'model_version' AND t.key = v.uid`)
      .all<{ id: number; key: string; digest: string }>();
    const tags = groupTags(
      store.db
        .prepare(
          `SELECT g.version_id AS owner, g.key AS key, g.value AS value FROM model_version_tags g
            WHERE g.version_id IN (SELECT v.id FROM model_versions v JOIN team_records t ON t.kind = 'model_version' AND t.key = v.uid) ORDER BY g.version_id, g.key`,
        )
        .all(),
    );
    for (const r of rows) if (modelTagsDigest(tags.get(String(r.id)) ?? {}) !== r.digest) changed.add(r.key);
  }
  return changed;
}

function groupTags(rows: Record<string, unknown>[]): Map<string, Record<string, string>> {
  const byOwner = new Map<string, Record<string, string>>();
  for (const r of rows) {
    const owner = String(r.owner);
    let tags = byOwner.get(owner);
    if (!tags) byOwner.set(owner, (tags = {}));
    tags[String(r.key)] = String(r.value);
  }
  return byOwner;
}

/**
 * What the refs name, read as neededObjects (remote/neededObjects.ts) reads them, so a record goes
 * only with the objects that push uploaded: a model (NAME: every version, NAME@3, NAME@alias) with its
 * alias events; a dataset (NAME: every version, NAME@3, NAME:ITEM@3; NAME:ITEM its latest); a run
 * (id, prefix or name, when no model or dataset claims the ref) with the dataset versions it read.
 */
function resolveScope(store: Store, refs: readonly string[]): Scope {
  const scope = { runs: new Set<string>(), datasetVersions: new Set<number>(), modelVersions: new Set<number>(), models: new Set<string>() };
  const has = (table: 'models' | 'datasets', name: string) => !!store.db.prepare(`SELECT 1 FROM ${table} WHERE name = ?`).get(name);
  for (const ref of refs) {
    const at = ref.indexOf('@');
    const name = at < 0 ? ref : ref.slice(0, at);
    let matched = false;
    if (has('models', name)) {
      matched = true;
      scope.models.add(name);
      if (at < 0) {
        for (const v of store.db.prepare('SELECT id FROM model_versions WHERE model = ?').all<{ id: number }>(name)) scope.modelVersions.add(Number(v.id));
      } else {
        scope.modelVersions.add(resolveModelRef(store, parseModelRef(ref)).id);
      }
    }
    const dataset = /^[^:@]+/.exec(ref)?.[0] ?? ref;
    if ((!matched || at < 0) && has('datasets', dataset)) {
      matched = true;
      if (ref === dataset) {
        for (const v of store.db.prepare('SELECT id FROM dataset_versions WHERE dataset = ?').all<{ id: number }>(dataset)) scope.datasetVersions.add(Number(v.id));
      } else {
        scope.datasetVersions.add(resolveDatasetRef(store, parseDatasetRef(ref)).id);
      }
    }
    if (!matched && at < 0) {
      const id = resolveRunRef(store, ref);
      scope.runs.add(id);
      for (const i of store.db.prepare('SELECT dataset_version_id AS id FROM run_inputs WHERE run_id = ? AND dataset_version_id IS NOT NULL').all<{ id: number }>(id)) {
        scope.datasetVersions.add(Number(i.id));
      }
      matched = true;
    }
    if (!matched) {
      throw new RunRefError(`"${ref}" names no run, dataset or model here: give a run id, prefix or name, a dataset version (train, train@3, train:ITEM@3) or a model version (churn, churn@2, churn@champion).`);
    }
  }
  return scope;
}
