// What the DAG panel draws: a pipeline's stages, placed by the host (core/pipelines/dagLayout), with
// their state and reasons, and the edges labelled with the files they pass. The state words are the
// Pipelines view's too.

/** A stage's state as shown: core's StageState (the host checks the two agree at compile time). */
export const dagStates = ['up-to-date', 'stale', 'cached', 'running', 'failed', 'restored'] as const;
export type DagState = (typeof dagStates)[number];

export const dagStateWords: Record<DagState, string> = {
  'up-to-date': 'up to date',
  stale: 'stale',
  cached: 'cached (will restore)',
  running: 'running',
  failed: 'failed',
  restored: 'restored from cache',
};

export interface DagPoint {
  x: number;
  y: number;
}

export interface DagNodeView {
  /** The stage's name. */
  id: string;
  state: DagState;
  /** Why it would run (reasonText of each), or why it failed; empty when up to date. */
  reasons: string[];
  /** "$0.004" when the last execution was priced, else ''. */
  cost: string;
  /** Top-left corner. */
  x: number;
  y: number;
}

export interface DagEdgeView {
  from: string;
  to: string;
  /** The files passed, comma-separated. */
  label: string;
  points: DagPoint[];
}

export interface DagData {
  pipeline: string;
  nodeWidth: number;
  nodeHeight: number;
  width: number;
  height: number;
  nodes: DagNodeView[];
  edges: DagEdgeView[];
  /** A repro of this pipeline is running in this window. */
  running: boolean;
}
