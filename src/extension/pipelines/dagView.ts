import { layoutDag } from '../../core/pipelines/dagLayout';
import { formatCost } from '../../shared/costFormat';
import type { DagData } from '../../shared/dagData';
import type { PipelineView } from './pipelineStates';

const NODE_WIDTH = 180;
const NODE_HEIGHT = 58;

/**
 * What the DAG panel draws for a pipeline: its stages placed by the layered layout, each with its
 * state, reasons and last cost, and one edge per pair of stages labelled with the files passed.
 */
export function dagView(p: PipelineView, currency: string): DagData {
  const vias = new Map<string, { from: string; to: string; files: string[] }>();
  for (const e of p.edges) {
    const key = `${e.from}\u0000${e.to}`;
    const v = vias.get(key) ?? { from: e.from, to: e.to, files: [] };
    if (!v.files.includes(e.via)) v.files.push(e.via);
    vias.set(key, v);
  }
  const edges = [...vias.values()];
  const layout = layoutDag(
    p.stages.map((s) => s.stage),
    edges,
    { nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT, layerGap: 110, nodeGap: 28, margin: 14 },
  );
  const at = new Map(layout.nodes.map((n) => [n.id, n]));
  return {
    pipeline: p.name,
    nodeWidth: NODE_WIDTH,
    nodeHeight: NODE_HEIGHT,
    width: layout.width,
    height: layout.height,
    running: p.running,
    nodes: p.stages.map((s) => ({
      id: s.stage,
      state: s.state,
      reasons: s.reasons,
      cost: s.lastCost === undefined ? '' : formatCost({ amount: s.lastCost, currency }),
      x: at.get(s.stage)?.x ?? 0,
      y: at.get(s.stage)?.y ?? 0,
    })),
    edges: edges.map((e, i) => ({ from: e.from, to: e.to, label: e.files.join(', '), points: layout.edges[i].points })),
  };
}
