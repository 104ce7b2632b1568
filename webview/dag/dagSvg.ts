// A pipeline's stages as SVG, at the places the host computed: each stage a box with a stripe in
// its state's colour, its name, state and last cost; each edge an arrow labelled with the files it
// passes. A running stage pulses. Every stage is a button revealing it in the Pipelines view.
import { dagStateWords, type DagData, type DagEdgeView, type DagNodeView, type DagState } from '../../src/shared/dagData';
import { asButton, el } from '../common/svg';

export const stateColors: Record<DagState, string> = {
  'up-to-date': 'var(--vscode-testing-iconPassed, #73c991)',
  stale: 'var(--vscode-problemsWarningIcon-foreground, #cca700)',
  cached: 'var(--vscode-charts-blue, #3794ff)',
  running: 'var(--vscode-progressBar-background, #0e70c0)',
  failed: 'var(--vscode-testing-iconFailed, #f14c4c)',
  restored: 'var(--vscode-charts-purple, #b180d7)',
};

const MAX_NAME = 22;
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

function edge(e: DagEdgeView): SVGElement {
  const [first, ...rest] = e.points;
  const d = first ? `M${first.x},${first.y}` + rest.map((p) => `L${p.x},${p.y}`).join('') : '';
  // The label sits on the edge's first stretch, just after it leaves its stage.
  const a = e.points[0];
  const b = e.points[1] ?? a;
  const label = a ? el('text', { class: 'edge-label', x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 5, 'text-anchor': 'middle' }, clip(e.label, 24)) : '';
  return el('g', { class: 'edge', 'data-from': e.from, 'data-to': e.to, 'data-testid': 'dag-edge' }, el('path', { d, 'marker-end': 'url(#arrow)' }), label, el('title', {}, `${e.from} -> ${e.to}: ${e.label}`));
}

function node(n: DagNodeView, w: number, h: number, onReveal: (id: string) => void): SVGElement {
  const g = el('g', {
    class: `node state-${n.state}`,
    transform: `translate(${n.x},${n.y})`,
    'data-testid': 'dag-node',
    'data-id': n.id,
    'data-state': n.state,
  });
  g.append(
    el('rect', { class: 'box', width: w, height: h, rx: 5, ry: 5 }),
    el('rect', { class: 'stripe', width: 6, height: h, rx: 2, ry: 2, fill: stateColors[n.state] }),
    el('text', { class: 'label', x: 16, y: 22 }, clip(n.id, MAX_NAME)),
    el('text', { class: 'state', x: 16, y: 42, fill: stateColors[n.state] }, dagStateWords[n.state] + (n.cost ? ` · ${n.cost}` : '')),
    el('title', {}, [`${n.id}: ${dagStateWords[n.state]}`, ...n.reasons.map((r) => `• ${r}`), n.cost ? `last cost ${n.cost}` : '', 'Click to reveal in the Pipelines view'].filter(Boolean).join('\n')),
  );
  asButton(g, `Stage ${n.id}: ${dagStateWords[n.state]}. Reveal in the Pipelines view`, () => onReveal(n.id));
  return g;
}

export function dagSvg(data: DagData, onReveal: (id: string) => void): SVGSVGElement {
  const svg = el('svg', { style: `width: 100%; max-width: ${data.width}px; height: auto; display: block`, viewBox: `0 0 ${data.width} ${data.height}`, role: 'group', 'aria-label': `Pipeline ${data.pipeline}`, 'data-testid': 'dag-graph' });
  svg.append(
    el('defs', {}, el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, el('path', { d: 'M0,0L10,5L0,10z', class: 'arrow' }))),
    el('g', { class: 'edges' }, ...data.edges.map(edge)),
    el('g', { class: 'nodes' }, ...data.nodes.map((n) => node(n, data.nodeWidth, data.nodeHeight, onReveal))),
  );
  return svg;
}
