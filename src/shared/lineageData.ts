// The Lineage panel's data: core's lineage graph (src/core/lineage/types.ts) as the webview draws it,
// each node with the status a glance needs (validation, drift, run state) and its alias badges.
// Plain JSON both ways; the host builds it with lineageView() and the protocol guards check it.

export const lineageNodeKinds = ['model-version', 'run', 'dataset-version', 'monitor', 'code', 'environment', 'params', 'pipeline-run'] as const;
export type LineageNodeKindShape = (typeof lineageNodeKinds)[number];

export const lineageDirections = ['up', 'down', 'both'] as const;
export type LineageDirectionShape = (typeof lineageDirections)[number];

/** Core's graph as src/shared sees it: the host checks at compile time that the two agree. */
export interface LineageGraphShape {
  root: string;
  direction: LineageDirectionShape;
  nodes: Array<{ id: string; kind: LineageNodeKindShape; label: string; ref: string | null; details: Record<string, unknown> }>;
  edges: Array<{ from: string; to: string; relation: string }>;
}

/** ok: passed, finished; bad: failed, drifted; warn: uncommitted code, a deleted run; none: nothing known. */
export type LineageTone = 'ok' | 'bad' | 'warn' | 'none';

export interface LineageViewNode {
  id: string;
  kind: LineageNodeKindShape;
  label: string;
  ref: string | null;
  /** One word or two under the label (`passes`, `drift`, `finished`), and how it reads. */
  status: { text: string; tone: LineageTone } | null;
  /** Aliases pointing at a model version (`champion`, `latest`); empty for other kinds. */
  badges: string[];
  /** A few more lines for the tooltip: hash, metrics, commit. */
  lines: string[];
  /** Clicking it opens something: a run, a dataset version, a model version, code with a diff or a commit. */
  openable: boolean;
}

export interface LineageData {
  root: string;
  direction: LineageDirectionShape;
  nodes: LineageViewNode[];
  edges: Array<{ from: string; to: string; relation: string }>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const rec = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const short = (hash: unknown) => (str(hash) ? str(hash)!.slice(0, 12) : undefined);
const defined = (...xs: Array<string | undefined | false>): string[] => xs.filter((x): x is string => !!x);

function metricLines(metrics: unknown): string[] {
  const m = rec(metrics);
  if (!m) return [];
  return Object.entries(m)
    .slice(0, 6)
    .map(([k, v]) => `${k} = ${typeof v === 'number' ? String(Number(v.toPrecision(6))) : v === null ? 'NaN' : JSON.stringify(v)}`);
}

function describe(kind: LineageNodeKindShape, d: Record<string, unknown>, ref: string | null): Omit<LineageViewNode, 'id' | 'kind' | 'label' | 'ref'> {
  switch (kind) {
    case 'model-version': {
      const aliases = Array.isArray(d.aliases) ? d.aliases.filter((a): a is string => typeof a === 'string') : [];
      return { status: null, badges: aliases, lines: defined(short(d.artifactHash) && `artifact ${short(d.artifactHash)}`, str(d.registeredBy) && `by ${str(d.registeredBy)}`, ...metricLines(d.metrics)), openable: ref !== null };
    }
    case 'run': {
      const deleted = d.deleted === true;
      const status = deleted ? { text: 'deleted', tone: 'warn' as const } : str(d.status) ? { text: str(d.status)!, tone: d.status === 'finished' ? ('ok' as const) : d.status === 'failed' || d.status === 'lost' ? ('bad' as const) : ('none' as const) } : null;
      return { status, badges: [], lines: defined(str(d.id), str(d.experiment) && `experiment ${str(d.experiment)}`), openable: !deleted && ref !== null };
    }
    case 'dataset-version': {
      const validation = rec(d.validation);
      const status = validation ? { text: validation.success === true ? 'passes' : 'fails', tone: validation.success === true ? ('ok' as const) : ('bad' as const) } : { text: 'not validated', tone: 'none' as const };
      return { status, badges: [], lines: defined(short(d.hash) && `hash ${short(d.hash)}`, str(d.item), d.profiled === true && 'profiled'), openable: ref !== null };
    }
    case 'monitor': {
      const check = rec(d.latestCheck);
      const outcome = str(check?.outcome);
      const status = !check ? { text: 'not checked', tone: 'none' as const } : { text: outcome ?? 'checked', tone: outcome === 'drift' || outcome === 'failed' ? ('bad' as const) : outcome === 'warning' ? ('warn' as const) : outcome === 'ok' ? ('ok' as const) : ('none' as const) };
      const share = num(check?.driftShare);
      return { status, badges: [], lines: defined(str(check?.batch) && `batch ${str(check?.batch)}`, share !== undefined && `drift share ${Math.round(share * 100)}%`), openable: false };
    }
    case 'code': {
      const dirty = d.dirty === true;
      return {
        status: dirty ? { text: 'uncommitted changes', tone: 'warn' } : str(d.commit) ? { text: 'committed', tone: 'ok' } : null,
        badges: [],
        lines: defined(str(d.commit) && `commit ${str(d.commit)!.slice(0, 10)}`, str(d.branch) && `branch ${str(d.branch)}`),
        openable: !!str(d.commit) || !!str(d.diffObject),
      };
    }
    case 'environment':
      return { status: null, badges: [], lines: Object.entries(d).slice(0, 6).map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`), openable: false };
    case 'params':
      return { status: null, badges: [], lines: Object.entries(d).slice(0, 8).map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`), openable: false };
    case 'pipeline-run': {
      const status = str(d.status) ? { text: str(d.status)!, tone: d.status === 'finished' ? ('ok' as const) : d.status === 'running' ? ('none' as const) : ('bad' as const) } : null;
      return { status, badges: [], lines: defined(str(d.id), str(d.pipeline) && `pipeline ${str(d.pipeline)}`), openable: false };
    }
  }
}

/**
 * The label drawn: core's, without what the node's status or badges already say (a model version's
 * aliases, a run's state and id, a monitor's last check).
 */
function shortLabel(n: LineageGraphShape['nodes'][number]): string {
  if (n.kind === 'model-version' && n.ref) return n.ref;
  if (n.kind === 'run' && str(n.details.name)) return `run ${str(n.details.name)}`;
  if (n.kind === 'monitor' && str(n.details.name)) return `monitor ${str(n.details.name)}`;
  return n.label;
}

/** The graph as the panel draws it. Nodes keep the graph's order (root first). */
export function lineageView(graph: LineageGraphShape): LineageData {
  return {
    root: graph.root,
    direction: graph.direction,
    nodes: graph.nodes.map((n) => ({ id: n.id, kind: n.kind, label: shortLabel(n), ref: n.ref, ...describe(n.kind, n.details, n.ref) })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, relation: e.relation })),
  };
}
