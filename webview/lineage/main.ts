import type { LineageData, LineageDirectionShape, LineageNodeKindShape } from '../../src/shared/lineageData';
import { parseLineageToWebview, type LineageToHost, type LineageToWebview } from '../../src/shared/protocol';
import { h } from '../common/dom';
import { connect } from '../common/vscodeApi';
import { graphSvg, kindColors, kindNames } from './graphSvg';
import { layoutLineage } from './layout';
import { lineageCss } from './styles';

interface Saved {
  title: string;
  data: LineageData;
}

const host = connect<LineageToHost, LineageToWebview, Saved>(parseLineageToWebview);
const app = document.getElementById('app')!;
document.head.append(h('style', {}, lineageCss));

const directions: Array<[LineageDirectionShape, string, string]> = [
  ['up', 'Upstream', 'What it came from'],
  ['down', 'Downstream', 'What was built on it'],
  ['both', 'Both', 'Both ways'],
];

function directionToggle(current: LineageDirectionShape): HTMLElement {
  return h(
    'span',
    { class: 'direction', role: 'group', 'aria-label': 'Direction' },
    ...directions.map(([d, label, tip]) => {
      const b = h('button', { type: 'button', title: tip, 'aria-pressed': String(d === current), 'data-testid': `direction-${d}` }, label);
      b.addEventListener('click', () => d !== current && host.post({ type: 'direction', direction: d }));
      return b;
    }),
  );
}

function legend(kinds: LineageNodeKindShape[]): HTMLElement {
  return h('div', { class: 'legend muted small' }, ...kinds.map((k) => h('span', {}, h('span', { class: 'swatch', style: `background:${kindColors[k]}` }), kindNames[k])));
}

function render(s: Saved): void {
  const { data } = s;
  const layout = layoutLineage(data);
  const kinds = [...new Set(data.nodes.map((n) => n.kind))];
  app.replaceChildren(
    h('header', {}, h('h1', {}, s.title), directionToggle(data.direction)),
    h('p', { class: 'muted small', 'data-testid': 'lineage-summary' }, `${data.nodes.length} node${data.nodes.length === 1 ? '' : 's'} · ${data.edges.length} link${data.edges.length === 1 ? '' : 's'} · data on the left, what was built from it on the right · click a node to open it`),
    h('div', { class: 'graph-scroll' }, graphSvg(layout, data.root, (node) => host.post({ type: 'open', node }))),
    legend(kinds),
  );
  app.setAttribute('aria-busy', 'false');
}

host.listen((message) => {
  if (message.type === 'lineage') {
    const saved = { title: message.title, data: message.data };
    host.saveState(saved);
    render(saved);
  } else {
    const s = host.state();
    app.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'error' }, message.message), s ? directionToggle(s.data.direction) : '');
    app.setAttribute('aria-busy', 'false');
  }
});

// A restored panel shows its last graph at once; the host sends it again when ready.
const restored = host.state();
if (restored) render(restored);
host.post({ type: 'ready' });
