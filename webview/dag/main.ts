import { dagStates, dagStateWords, type DagData } from '../../src/shared/dagData';
import { parseDagToWebview, type DagToHost, type DagToWebview } from '../../src/shared/protocol';
import { h } from '../common/dom';
import { connect } from '../common/vscodeApi';
import { dagSvg, stateColors } from './dagSvg';
import { dagCss } from './styles';

const host = connect<DagToHost, DagToWebview, DagData>(parseDagToWebview);
const app = document.getElementById('app')!;
document.head.append(h('style', {}, dagCss));

function summary(data: DagData): string {
  const counts = dagStates.map((s) => [s, data.nodes.filter((n) => n.state === s).length] as const).filter(([, n]) => n);
  const states = counts.map(([s, n]) => `${n} ${dagStateWords[s]}`).join(', ');
  return `${data.nodes.length} stage${data.nodes.length === 1 ? '' : 's'}${states ? `: ${states}` : ''}${data.running ? ' · running now' : ''} · click a stage to reveal it in the Pipelines view`;
}

function render(data: DagData): void {
  const shown = dagStates.filter((s) => data.nodes.some((n) => n.state === s));
  app.replaceChildren(
    h('header', {}, h('h1', {}, `Pipeline ${data.pipeline}`)),
    h('p', { class: 'muted small', 'data-testid': 'dag-summary' }, summary(data)),
    h('div', { class: 'graph-scroll' }, dagSvg(data, (stage) => host.post({ type: 'reveal', stage }))),
    h('div', { class: 'legend muted small' }, ...shown.map((s) => h('span', {}, h('span', { class: 'swatch', style: `background:${stateColors[s]}` }), dagStateWords[s]))),
  );
  app.setAttribute('aria-busy', 'false');
}

host.listen((message) => {
  if (message.type === 'dag') {
    host.saveState(message.data);
    render(message.data);
  } else {
    app.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'error' }, message.message));
    app.setAttribute('aria-busy', 'false');
  }
});

// A restored panel shows its last graph at once; the host sends it again when ready.
const restored = host.state();
if (restored) render(restored);
host.post({ type: 'ready' });
