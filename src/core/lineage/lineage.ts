// lineageOf: the graph around a run, a dataset version or a model version. Upstream follows the
// issue's chain (model version -> run -> params, code, environment -> the dataset versions it read
// -> monitors using that data; a stage's run -> its pipeline run and the upstream stages' runs);
// downstream goes back the other way (a dataset version -> the runs that read it -> the model
// versions registered from them). Only what the store holds is drawn.
import { listAudit } from '../audit/auditQuery';
import type { MlopsConfig } from '../config/types';
import { getVersion, runsReadingVersion, versionedItems, type DatasetVersion } from '../data/datasetVersions';
import { listChecks } from '../monitors/checkRecords';
import { latestValidation } from '../quality/validationStore';
import { versionsFromRun } from '../registry/modelVersions';
import type { ModelVersion } from '../registry/types';
import type { Store } from '../store/store';
import { getInputs, getRun, type RunRecord } from '../tracking/runRecords';
import { resolveLineageRef } from './lineageRef';
import { monitorsOfVersion } from './monitorsOfData';
import { stageLineage } from './stageLineage';
import type { LineageDirection, LineageEdge, LineageGraph, LineageNode, LineageRelation } from './types';

export interface LineageOptions {
  /** up: what the object came from; down: what was built on it; both (default). */
  direction?: LineageDirection;
}

/** The lineage of `ref` (a run, train@3, churn@2); a RegistryError names a reference that does not exist. */
export function lineageOf(store: Store, config: MlopsConfig, ref: string, opts: LineageOptions = {}): LineageGraph {
  const direction = opts.direction ?? 'both';
  const target = resolveLineageRef(store, config, ref);
  const g = new GraphBuilder(store, config);
  let root: string;
  if (target.kind === 'run') {
    const run = getRun(store, target.runId);
    root = g.run(target.runId, run);
    if (direction !== 'down' && run) g.runUpstream(run);
    if (direction !== 'up') g.runDownstream(target.runId);
  } else if (target.kind === 'dataset-version') {
    root = g.datasetVersion(target.version);
    g.monitors(target.version);
    if (direction !== 'up') g.datasetDownstream(target.version);
  } else {
    root = g.modelVersion(target.version);
    if (direction !== 'down') g.modelUpstream(target.version);
  }
  return { root, direction, nodes: g.nodes(), edges: g.edges };
}

class GraphBuilder {
  private readonly byId = new Map<string, LineageNode>();
  readonly edges: LineageEdge[] = [];
  private readonly edgeKeys = new Set<string>();
  private readonly itemCounts = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly config: MlopsConfig,
  ) {}

  nodes(): LineageNode[] {
    return [...this.byId.values()];
  }

  modelUpstream(v: ModelVersion): void {
    const id = modelVersionId(v);
    const run = v.runId ? getRun(this.store, v.runId) : undefined;
    const runId = v.runId ?? registeredFromDeletedRun(this.store, v);
    this.link(id, run ? this.run(run.id, run) : this.deletedRun(runId, v), 'registered-from');
    if (run) this.runUpstream(run);
  }

  runUpstream(run: RunRecord): void {
    const id = runNodeId(run.id);
    if (Object.keys(run.params).length) {
      this.link(id, this.add({ id: `params:${run.id}`, kind: 'params', label: paramsLabel(run.params), ref: null, details: { ...run.params } }), 'used-params');
    }
    const git = run.git;
    if (git.commit !== undefined || git.dirty !== undefined) {
      const details = { commit: git.commit ?? null, branch: git.branch ?? null, dirty: git.dirty ?? null, diffObject: git.diff ?? null };
      this.link(id, this.add({ id: `code:${run.id}`, kind: 'code', label: codeLabel(run), ref: null, details }), 'ran-code');
    }
    if (Object.keys(run.environment).length) {
      this.link(id, this.add({ id: `environment:${run.id}`, kind: 'environment', label: environmentLabel(run), ref: null, details: { ...run.environment } }), 'ran-in');
    }
    const read = this.store.db
      .prepare('SELECT dataset_version_id AS v FROM run_inputs WHERE run_id = ? AND dataset_version_id IS NOT NULL ORDER BY path')
      .all<{ v: number }>(run.id);
    for (const r of read) {
      const dv = getVersion(this.store, Number(r.v));
      if (!dv) continue;
      this.link(id, this.datasetVersion(dv), 'read');
      this.monitors(dv);
    }
    this.stageUpstream(run);
  }

  /** A stage's run: its pipeline run, and the upstream stages' runs it read the outs of (walked up in turn). */
  private stageUpstream(run: RunRecord): void {
    const stage = stageLineage(this.store, this.config, run);
    if (!stage) return;
    const id = runNodeId(run.id);
    this.link(id, this.add(stage.pipelineRun), 'part-of');
    for (const upId of stage.upstreamRunIds) {
      const seen = this.byId.has(runNodeId(upId));
      const up = getRun(this.store, upId);
      this.link(id, this.run(upId, up), 'used-outs-of');
      if (up && !seen) this.runUpstream(up);
    }
  }

  runDownstream(runId: string): void {
    for (const v of versionsFromRun(this.store, runId)) this.link(this.modelVersion(v), runNodeId(runId), 'registered-from');
  }

  datasetDownstream(dv: DatasetVersion): void {
    for (const r of runsReadingVersion(this.store, dv.id)) {
      const run = getRun(this.store, r.runId);
      if (!run) continue;
      this.link(this.run(run.id, run), this.datasetVersionId(dv), 'read');
      this.runDownstream(run.id);
    }
  }

  /** A dataset version's node: its validation outcome and whether a profile exists. */
  datasetVersion(dv: DatasetVersion): string {
    const id = this.datasetVersionId(dv);
    if (this.byId.has(id)) return id;
    const ref = this.datasetRef(dv);
    const validation = latestValidation(this.store, dv.id);
    // Any stored profile of these bytes (whatever options it was computed with) counts.
    const profiled = !!this.store.db.prepare('SELECT 1 AS x FROM profiles WHERE hash = ? LIMIT 1').get(dv.hash);
    this.add({
      id,
      kind: 'dataset-version',
      label: ref === `${dv.dataset}:${dv.item}@${dv.version}` ? ref : `${ref} (${dv.item})`,
      ref,
      details: {
        dataset: dv.dataset,
        item: dv.item,
        kind: dv.kind,
        version: dv.version,
        hash: dv.hash,
        size: dv.size,
        createdAt: dv.createdAt,
        validation: validation
          ? { success: validation.result.success, at: validation.validatedAt, failedExpectations: validation.result.results.filter((r) => !r.success).length }
          : null,
        profiled,
      },
    });
    return id;
  }

  /** The monitors over a dataset version's data, drawn whichever way the walk goes: they watch this data. */
  monitors(dv: DatasetVersion): void {
    for (const m of monitorsOfVersion(this.store, this.config, dv)) {
      const latest = listChecks(this.store, m.name, 1)[0];
      const latestCheck = latest
        ? { outcome: latest.outcome, at: latest.checkedAt, driftShare: latest.driftShare, batch: latest.batchLabel, reference: latest.referenceLabel }
        : null;
      const monitorId = this.add({
        id: `monitor:${m.name}`,
        kind: 'monitor',
        label: `monitor ${m.name}${latestCheck ? ` (last check: ${latestCheck.outcome})` : ' (not checked yet)'}`,
        ref: m.name,
        details: { name: m.name, reference: m.reference, referenceVersion: m.referenceVersion, referencesThisVersion: m.referencesThisVersion, current: m.current, latestCheck },
      });
      this.link(this.datasetVersionId(dv), monitorId, 'monitored-by');
    }
  }

  modelVersion(v: ModelVersion): string {
    const shown = v.aliases.length ? ` (${v.aliases.join(', ')})` : '';
    return this.add({
      id: modelVersionId(v),
      kind: 'model-version',
      label: `${v.model}@${v.version}${shown}`,
      ref: `${v.model}@${v.version}`,
      details: {
        model: v.model,
        version: v.version,
        aliases: v.aliases,
        runId: v.runId,
        artifactHash: v.artifact.hash,
        artifactPath: v.artifact.path,
        description: v.description,
        metrics: v.metrics,
        tags: v.tags,
        registeredBy: v.registeredBy,
        createdAt: v.createdAt,
      },
    });
  }

  run(id: string, run: RunRecord | undefined): string {
    if (!run) return this.deletedRun(id);
    // Files read that belong to no dataset: listed on the run, as they have no version to draw.
    const plainInputs = getInputs(this.store, id).filter((i) => !i.dataset);
    return this.add({
      id: runNodeId(id),
      kind: 'run',
      label: `run ${run.name} ${id} (${run.status})`,
      ref: id,
      details: { id, name: run.name, experiment: run.experiment, status: run.status, createdAt: run.createdAt, endedAt: run.endedAt ?? null, deleted: false, inputs: plainInputs },
    });
  }

  /** A run the store no longer has: its id when the audit log kept it, else only that it existed. */
  private deletedRun(id: string | null, from?: ModelVersion): string {
    const nodeId = id ? runNodeId(id) : `run:deleted:${from ? modelVersionId(from) : 'unknown'}`;
    return this.add({ id: nodeId, kind: 'run', label: id ? `run ${id} (deleted)` : 'deleted run', ref: null, details: { id, deleted: true } });
  }

  private datasetVersionId(dv: DatasetVersion): string {
    return `dataset-version:${dv.dataset}:${dv.item}@${dv.version}`;
  }

  /** train@3 when the dataset has one item, else train:data/a.csv@3 (what resolveDatasetRef accepts). */
  private datasetRef(dv: DatasetVersion): string {
    let count = this.itemCounts.get(dv.dataset);
    if (count === undefined) this.itemCounts.set(dv.dataset, (count = versionedItems(this.store, dv.dataset).length));
    return count === 1 ? `${dv.dataset}@${dv.version}` : `${dv.dataset}:${dv.item}@${dv.version}`;
  }

  private add(node: LineageNode): string {
    if (!this.byId.has(node.id)) this.byId.set(node.id, node);
    return node.id;
  }

  private link(from: string, to: string, relation: LineageRelation): void {
    const key = `${from}\0${to}\0${relation}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push({ from, to, relation });
  }
}

const runNodeId = (id: string) => `run:${id}`;
const modelVersionId = (v: ModelVersion) => `model-version:${v.model}@${v.version}`;

/** The run a version was registered from, when the run was deleted since: its registration's audit entry names it. */
function registeredFromDeletedRun(store: Store, v: ModelVersion): string | null {
  const [entry] = listAudit(store, { object: `${v.model}@${v.version}`, action: 'model.registered', limit: 1 });
  const id = entry?.details.runId;
  return typeof id === 'string' && id ? id : null;
}

function paramsLabel(params: Record<string, unknown>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const text = parts.join(' ');
  return `params ${text.length > 80 ? text.slice(0, 77) + '...' : text}`;
}

function codeLabel(run: RunRecord): string {
  const { commit, branch, dirty } = run.git;
  const where = [branch, dirty ? 'uncommitted changes' : dirty === false ? 'clean' : undefined].filter(Boolean).join(', ');
  return `code ${commit ? commit.slice(0, 12) : '(no commit)'}${where ? ` (${where})` : ''}`;
}

function environmentLabel(run: RunRecord): string {
  const env = run.environment;
  const parts = [env.python && `python ${env.python}`, env.os, env.node && `node ${env.node}`].filter(Boolean);
  return `environment ${parts.length ? parts.join(', ') : Object.keys(env).join(', ')}`;
}
