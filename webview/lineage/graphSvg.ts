// The lineage graph as SVG, built element by element (nothing from the store is parsed as markup).
// Each node is a rounded box coloured by kind, with its label, its status and its alias badges;
// an openable node is a focusable button.
import type { LineageNodeKindShape, LineageTone } from '../../src/shared/lineageData';
import { asButton, el } from '../common/svg';
import { MAX_LABEL, type Layout, type PlacedEdge, type PlacedNode } from './layout';


/** Theme chart colours per kind: the legend and the boxes' edges use the same. */
export const kindColors: Record<LineageNodeKindShape, string> = {
  'model-version': 'var(--vscode-charts-purple, #b180d7)',
  run: 'var(--vscode-charts-blue, #3794ff)',
  'dataset-version': 'var(--vscode-charts-green, #89d185)',
  monitor: 'var(--vscode-terminal-ansiCyan, #11a8cd)',
  code: 'var(--vscode-charts-yellow, #cca700)',
  environment: 'var(--vscode-charts-orange, #d18616)',
  params: 'var(--vscode-descriptionForeground, #999)',
  'pipeline-run': 'var(--vscode-charts-red, #f14c4c)',
};

export const kindNames: Record<LineageNodeKindShape, string> = {
  'model-version': 'model version',
  run: 'run',
  'dataset-version': 'dataset version',
  monitor: 'monitor',
  code: 'code',
  environment: 'environment',
  params: 'params',
  'pipeline-run': 'pipeline run',
};

const toneClass: Record<LineageTone, string> = { ok: 'tone-ok', bad: 'tone-bad', warn: 'tone-warn', none: 'tone-none' };

const clip = (s: string) => (s.length > MAX_LABEL ? s.slice(0, MAX_LABEL - 1) + '…' : s);

function edgePath(e: PlacedEdge): SVGElement {
  const [first, ...rest] = e.points;
  const d = first ? `M${first.x},${first.y}` + rest.map((p) => `L${p.x},${p.y}`).join('') : '';
  return el('g', { class: 'edge', 'data-from': e.from, 'data-to': e.to }, el('path', { d, 'marker-end': 'url(#arrow)' }), el('title', {}, e.relation));
}

function nodeBox(p: PlacedNode, root: boolean, onOpen: (id: string) => void): SVGElement {
  const n = p.node;
  const g = el('g', {
    class: `node kind-${n.kind}${root ? ' root' : ''}${n.openable ? ' openable' : ''}`,
    transform: `translate(${p.x},${p.y})`,
    'data-testid': 'lineage-node',
    'data-id': n.id,
    'data-kind': n.kind,
  });
  g.append(
    el('rect', { class: 'box', width: p.width, height: p.height, rx: 5, ry: 5 }),
    el('rect', { class: 'stripe', width: 5, height: p.height, rx: 2, ry: 2, fill: kindColors[n.kind] }),
    el('text', { class: 'kind', x: 14, y: 15 }, kindNames[n.kind]),
    el('text', { class: 'label', x: 14, y: 33 }, clip(n.label)),
  );
  // Second line: the status, then the alias badges, left to right.
  let x = 14;
  if (n.status) {
    const t = el('text', { class: `status ${toneClass[n.status.tone]}`, x, y: 50, 'data-testid': 'lineage-status' }, n.status.text);
    g.append(t);
    x += n.status.text.length * 6.4 + 10;
  }
  for (const b of n.badges) {
    const w = b.length * 6.6 + 10;
    g.append(el('g', { class: `badge${b === 'champion' ? ' champion' : ''}`, transform: `translate(${x},40)`, 'data-testid': 'lineage-badge' }, el('rect', { width: w, height: 14, rx: 7, ry: 7 }), el('text', { x: 5, y: 11 }, b)));
    x += w + 4;
  }
  g.append(el('title', {}, [n.label, n.status?.text, n.badges.length ? `aliases: ${n.badges.join(', ')}` : '', ...n.lines, n.openable ? 'Click to open' : ''].filter(Boolean).join('\n')));
  if (n.openable) asButton(g, `Open ${kindNames[n.kind]} ${n.label}`, () => onOpen(n.id));
  return g;
}

export function graphSvg(layout: Layout, root: string, onOpen: (id: string) => void): SVGSVGElement {
  // Scaled down to the panel's width (never up): the whole graph is in view at once.
  const svg = el('svg', { style: `width: 100%; max-width: ${layout.width}px; height: auto; display: block`, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'group', 'aria-label': 'Lineage graph', 'data-testid': 'lineage-graph' });
  svg.append(
    el('defs', {}, el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, el('path', { d: 'M0,0L10,5L0,10z', class: 'arrow' }))),
    el('g', { class: 'edges' }, ...layout.edges.map(edgePath)),
    el('g', { class: 'nodes' }, ...layout.nodes.map((p) => nodeBox(p, p.node.id === root, onOpen))),
  );
  return svg;
}
