// The lineage graph: what a run, a dataset version or a model version came from (upstream) and what
// was built on it (downstream). Shared by core (lineageOf, the model card), the CLI (`mlops lineage`)
// and the extension's lineage panel, so it is plain data that survives JSON.

export type LineageNodeKind = 'model-version' | 'run' | 'dataset-version' | 'monitor' | 'code' | 'environment' | 'params' | 'pipeline-run';

export interface LineageNode {
  /** Unique in one graph and stable across calls: `<kind>:<key>`, e.g. `run:20261205-...`, `dataset-version:17`, `model-version:churn@2`. */
  id: string;
  kind: LineageNodeKind;
  /** One line for people: `churn@2`, `run 20261205-ab12 (train)`, `train@3 (data/train.csv)`. */
  label: string;
  /**
   * What a user types to reach the object (`churn@2`, a run id, `train@3`, `train:data/a.csv@3`, a
   * monitor name), or null when it has none (code, environment, params, a deleted run).
   */
  ref: string | null;
  /**
   * Facts about the node, by kind (all JSON values):
   * - model-version: model, version, aliases (sorted, 'latest' included), runId, artifactHash, metrics, registeredBy, createdAt
   * - run: id, name, experiment, status, createdAt, deleted (true when only its id is known)
   * - dataset-version: dataset, item, version, hash, size, createdAt, validation ({success, at} | null), profiled
   * - monitor: name, reference, latestCheck ({outcome, at, driftShare, batch} | null)
   * - code: commit, branch, dirty, diffObject (object hash of the uncommitted diff, or null)
   * - environment: the run's env_json (python, os, node, ...)
   * - params: the run's params, key -> value
   * - pipeline-run: id, pipeline, status, startedAt, endedAt (the `mlops repro` a stage's run was part of)
   */
  details: Record<string, unknown>;
}

/** What an edge says, read as `from` RELATION `to`. */
export type LineageRelation =
  | 'registered-from' // model-version -> run
  | 'used-params' // run -> params
  | 'ran-code' // run -> code
  | 'ran-in' // run -> environment
  | 'read' // run -> dataset-version
  | 'monitored-by' // dataset-version -> monitor (the monitor compares batches against this data)
  | 'part-of' // run -> pipeline-run (the run executed a stage of that repro)
  | 'used-outs-of'; // run -> run (a stage's run read the outs an upstream stage's run made)

export interface LineageEdge {
  /**
   * Always points along the upstream chain (model version -> run -> data -> monitor), whichever way
   * the graph was walked: a downstream walk from train@3 yields run -> train@3 edges too.
   */
  from: string;
  to: string;
  relation: LineageRelation;
}

export type LineageDirection = 'up' | 'down' | 'both';

export interface LineageGraph {
  /** The id of the node the reference named. */
  root: string;
  direction: LineageDirection;
  /** Root first, then in the order the walk reached them, each once. */
  nodes: LineageNode[];
  /** Each once, in the order they were found. */
  edges: LineageEdge[];
}
