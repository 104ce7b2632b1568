// Where each node and edge of a lineage graph goes, by dagre (the layered layout of graphviz's
// "dot", in plain JavaScript: no eval, so it runs under the webview's CSP). Sources (data) sit on
// the left and what was built from them on the right, the way data flows into a model.
import { graphlib, layout, type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { LineageData, LineageViewNode } from '../../src/shared/lineageData';

export interface PlacedNode {
  node: LineageViewNode;
  /** Top-left corner and size, in the SVG's units. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  relation: string;
  points: Array<{ x: number; y: number }>;
}

export interface Layout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export const NODE_HEIGHT = 58;
// About the width of a character of the bold 12.5px label; a longer label is cut at MAX_LABEL.
const CHAR_WIDTH = 7.9;
export const MAX_LABEL = 38;

/** A node is as wide as its longest line (label, status and badges), within bounds. */
export function nodeWidth(n: LineageViewNode): number {
  const label = Math.min(n.label.length, MAX_LABEL);
  const second = (n.status?.text.length ?? 0) + n.badges.reduce((s, b) => s + b.length + 3, 0) + 2;
  return Math.round(Math.min(340, Math.max(150, Math.max(label, second, n.kind.length) * CHAR_WIDTH + 28)));
}

export function layoutLineage(data: LineageData): Layout {
  const g = new graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({ rankdir: 'RL', nodesep: 24, ranksep: 70, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of data.nodes) g.setNode(n.id, { width: nodeWidth(n), height: NODE_HEIGHT });
  data.edges.forEach((e, i) => g.setEdge(e.from, e.to, {}, `e${i}`));
  layout(g);
  const nodes = data.nodes.map((node) => {
    const p = g.node(node.id);
    return { node, x: (p.x ?? 0) - p.width / 2, y: (p.y ?? 0) - p.height / 2, width: p.width, height: p.height };
  });
  const edges = data.edges.map((e, i) => ({ ...e, points: (g.edge({ v: e.from, w: e.to, name: `e${i}` })?.points ?? []).map((p) => ({ x: p.x, y: p.y })) }));
  const graph = g.graph();
  return { nodes, edges, width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0) };
}
