// Where each stage of a pipeline goes when drawn (the DAG panel): a layered layout, left to right.
// Layers by longest path from the sources, so every edge points rightwards; an edge spanning
// several layers goes through a waypoint in each layer between, so it bends around the boxes;
// within a layer, nodes are ordered by the barycenter of their neighbours (sweeps right and left)
// to reduce crossings, keeping the ordering with the fewest. Everything breaks ties by input order,
// so the same graph is always drawn the same way.

export interface DagLayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  /** Horizontal space between layers (the edges and their labels live there). */
  layerGap: number;
  /** Vertical space between nodes of a layer. */
  nodeGap: number;
  margin: number;
}

export interface PlacedDagNode {
  id: string;
  layer: number;
  /** Position within its layer, top first. */
  order: number;
  /** Top-left corner. */
  x: number;
  y: number;
}

export interface PlacedDagEdge {
  from: string;
  to: string;
  /** From the middle of the source's right side, through the waypoints, to the middle of the target's left side. */
  points: { x: number; y: number }[];
}

export interface DagLayout {
  nodes: PlacedDagNode[];
  /** In the order of the input edges. */
  edges: PlacedDagEdge[];
  width: number;
  height: number;
  /** Edge crossings left between adjacent layers. */
  crossings: number;
}

const DEFAULTS: DagLayoutOptions = { nodeWidth: 170, nodeHeight: 56, layerGap: 90, nodeGap: 26, margin: 12 };
const SWEEPS = 12;

/** Longest path from a source; a node on a cycle (not expected: graphs are validated) goes after every other. */
function layersOf(nodes: string[], edges: { from: string; to: string }[]): Map<string, number> {
  const preds = new Map(nodes.map((n) => [n, [] as string[]]));
  for (const e of edges) if (preds.has(e.from) && e.from !== e.to) preds.get(e.to)?.push(e.from);
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (n: string): number => {
    const known = layer.get(n);
    if (known !== undefined) return known;
    if (visiting.has(n)) return -1;
    visiting.add(n);
    const l = Math.max(-1, ...preds.get(n)!.map(visit)) + 1;
    visiting.delete(n);
    layer.set(n, l);
    return l;
  };
  for (const n of nodes) visit(n);
  return layer;
}

interface Segment {
  upper: number;
  lower: number;
}

/** Crossings between two adjacent layers: pairs of segments whose ends are in opposite orders. */
function crossingsBetween(segments: Segment[]): number {
  let count = 0;
  for (let i = 0; i < segments.length; i++) {
    for (let j = i + 1; j < segments.length; j++) {
      const a = segments[i];
      const b = segments[j];
      if ((a.upper - b.upper) * (a.lower - b.lower) < 0) count++;
    }
  }
  return count;
}

export function layoutDag(nodeIds: string[], edges: { from: string; to: string }[], options: Partial<DagLayoutOptions> = {}): DagLayout {
  const o = { ...DEFAULTS, ...options };
  const nodes = [...new Set(nodeIds)];
  const known = new Set(nodes);
  const usable = edges.filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to);
  const layer = layersOf(nodes, usable);

  // Every edge as a chain of unit segments; a waypoint per layer crossed ("from->to#i@layer").
  const layerCount = Math.max(0, ...layer.values()) + 1;
  const rows: string[][] = Array.from({ length: layerCount }, () => []);
  for (const n of nodes) rows[layer.get(n)!].push(n);
  const chains = new Map<string, string[]>();
  const links: [string, string][] = [];
  const seen = new Set<string>();
  usable.forEach((e) => {
    const key = `${e.from}\u0000${e.to}`;
    const [lf, lt] = [layer.get(e.from)!, layer.get(e.to)!];
    // An edge pointing backwards can only come from a cycle: drawn straight, not laid out.
    if (seen.has(key) || lt <= lf) return;
    seen.add(key);
    const chain = [e.from];
    for (let l = lf + 1; l < lt; l++) {
      const waypoint = `${key}\u0000${l}`;
      rows[l].push(waypoint);
      chain.push(waypoint);
    }
    chain.push(e.to);
    chains.set(key, chain);
    for (let i = 1; i < chain.length; i++) links.push([chain[i - 1], chain[i]]);
  });
  const upperOf = new Map<string, string[]>();
  const lowerOf = new Map<string, string[]>();
  for (const [a, b] of links) {
    (lowerOf.get(a) ?? lowerOf.set(a, []).get(a)!).push(b);
    (upperOf.get(b) ?? upperOf.set(b, []).get(b)!).push(a);
  }

  const total = (order: string[][]): number => {
    const pos = new Map(order.flatMap((r) => r.map((id, i) => [id, i] as const)));
    let sum = 0;
    for (let l = 1; l < order.length; l++) {
      sum += crossingsBetween(order[l].flatMap((id) => (upperOf.get(id) ?? []).map((u) => ({ upper: pos.get(u)!, lower: pos.get(id)! }))));
    }
    return sum;
  };
  const reorder = (row: string[], neighbours: Map<string, string[]>, fixed: string[]) => {
    const pos = new Map(fixed.map((id, i) => [id, i]));
    const keyed = row.map((id, i) => {
      const ns = (neighbours.get(id) ?? []).map((n) => pos.get(n)!).filter((p) => p !== undefined);
      // A node with no neighbour on that side keeps its place.
      return { id, i, bary: ns.length ? ns.reduce((s, p) => s + p, 0) / ns.length : i };
    });
    keyed.sort((a, b) => a.bary - b.bary || a.i - b.i);
    return keyed.map((k) => k.id);
  };

  let order = rows.map((r) => [...r]);
  let best = { order, crossings: total(order) };
  for (let s = 0; s < SWEEPS && best.crossings > 0; s++) {
    const next = order.map((r) => [...r]);
    if (s % 2 === 0) for (let l = 1; l < next.length; l++) next[l] = reorder(next[l], upperOf, next[l - 1]);
    else for (let l = next.length - 2; l >= 0; l--) next[l] = reorder(next[l], lowerOf, next[l + 1]);
    order = next;
    const crossings = total(order);
    if (crossings < best.crossings) best = { order, crossings };
  }

  // Coordinates: each layer a column, centred on the tallest.
  const tallest = Math.max(1, ...best.order.map((r) => r.length));
  const step = o.nodeHeight + o.nodeGap;
  const height = o.margin * 2 + tallest * step - o.nodeGap;
  const at = new Map<string, { x: number; y: number; order: number }>();
  best.order.forEach((row, l) => {
    const top = o.margin + ((tallest - row.length) * step) / 2;
    row.forEach((id, i) => at.set(id, { x: o.margin + l * (o.nodeWidth + o.layerGap), y: top + i * step, order: i }));
  });
  const placed = nodes.map((id) => ({ id, layer: layer.get(id)!, ...at.get(id)! }));
  const centreY = (id: string) => at.get(id)!.y + o.nodeHeight / 2;
  const out = (id: string) => ({ x: at.get(id)!.x + o.nodeWidth, y: centreY(id) });
  const inn = (id: string) => ({ x: at.get(id)!.x, y: centreY(id) });
  // A waypoint runs straight across its column, where a box would be.
  const through = (id: string) => [inn(id), out(id)];
  const placedEdges = edges.map((e) => {
    if (!known.has(e.from) || !known.has(e.to)) return { from: e.from, to: e.to, points: [] };
    const chain = chains.get(`${e.from}\u0000${e.to}`) ?? [e.from, e.to];
    return { from: e.from, to: e.to, points: [out(e.from), ...chain.slice(1, -1).flatMap(through), inn(e.to)] };
  });
  return {
    nodes: placed,
    edges: placedEdges,
    width: o.margin * 2 + layerCount * (o.nodeWidth + o.layerGap) - o.layerGap,
    height,
    crossings: best.crossings,
  };
}
