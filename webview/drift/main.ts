import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { View } from 'vega';
// resolution-mode: vega-lite is ESM-only; the type is only named here.
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import type { DriftColumn, DriftData } from '../../src/shared/driftData';
import { driftExportFormats, parseDriftToWebview, type DriftToHost, type DriftToWebview } from '../../src/shared/protocol';
import { h, present } from '../common/dom';
import { renderVegaLite, themeColors } from '../common/vegaChart';
import { connect } from '../common/vscodeApi';
import { columnTable } from './columnTable';
import { driftHistogramSpec } from './histogramSpec';
import { performanceSpec, scoreHistorySpec } from './historySpecs';
import type { DriftSort } from './sortColumns';
import { driftCss } from './styles';
import { summary } from './summary';

/** What the webview keeps across hide/restore: the report and how the user was looking at it. */
interface Saved {
  data: DriftData;
  sort?: DriftSort;
  selected?: string;
  /** The charts show the selected column, or every drifted one. */
  mode: 'selected' | 'drifted';
}

const host = connect<DriftToHost, DriftToWebview, Saved>(parseDriftToWebview);
const app = document.getElementById('app')!;
document.head.append(h('style', {}, driftCss));
let views: View[] = [];
let shown: Saved | undefined;
let observer: IntersectionObserver | undefined;

/** Reference blue, current orange: distinct on light, dark and high-contrast themes. */
const sideColors = (): [string, string] => {
  const c = themeColors();
  return [c.blue, c.orange];
};

function button(label: string, onClick: () => void, testId: string): HTMLElement {
  const b = h('vscode-button', { secondary: '', 'data-testid': testId }, label);
  b.addEventListener('click', onClick);
  return b;
}

function update(change: Partial<Saved>): void {
  if (!shown) return;
  shown = { ...shown, ...change };
  host.saveState(shown);
  render(shown);
}

interface Card {
  card: HTMLElement;
  draw?: () => Promise<void>;
}

function chartCard(title: string, badge: HTMLElement | null, spec: TopLevelSpec | undefined, note: string, testId: string, column: string): Card {
  const target = h('div', { class: 'drift-chart' });
  const card = h('div', { class: 'chart-card', 'data-testid': testId, 'data-column': column }, h('h3', {}, title, badge), spec ? target : h('p', { class: 'muted' }, note));
  if (!spec) return { card };
  const draw = () =>
    renderVegaLite(target, spec)
      // A redraw that replaced this card meanwhile: its view is let go at once.
      .then((v) => {
        if (target.isConnected) views.push(v);
        else v.finalize();
      })
      .catch((err) => target.replaceChildren(h('p', { class: 'error' }, `The chart could not be drawn: ${String(err)}`)));
  return { card, draw };
}

function histogramCard(c: DriftColumn, colors: [string, string]) {
  const badge = c.problem ? h('span', { class: 'badge failed' }, 'failed') : c.drift ? h('span', { class: 'badge drift' }, 'drift') : null;
  const note = c.problem ? `No histogram: ${c.problem}` : 'No histogram was recorded for this column.';
  return chartCard(`${c.name} · ${c.method}`, badge, c.histogram && driftHistogramSpec(c.histogram, colors), note, 'histogram', c.name);
}

function chartColumns(s: Saved): DriftColumn[] {
  if (s.mode === 'drifted') return s.data.columns.filter((c) => c.drift);
  const selected = s.data.columns.find((c) => c.name === s.selected);
  return selected ? [selected] : [];
}

function chartsSection(s: Saved, colors: [string, string]) {
  const select = h('select', { id: 'chart-mode', 'data-testid': 'chart-mode' }, h('option', { value: 'drifted' }, 'every drifted column'), h('option', { value: 'selected' }, 'the selected column'));
  select.value = s.mode;
  select.addEventListener('change', () => update({ mode: select.value === 'drifted' ? 'drifted' : 'selected' }));
  const columns = chartColumns(s);
  const cards = columns.map((c) => histogramCard(c, colors));
  const empty = s.mode === 'drifted' ? 'No column drifted.' : 'Select a column in the table to see its histograms.';
  const section = h(
    'section',
    { class: 'charts' },
    h('h2', {}, 'Reference and batch distributions'),
    h('div', { class: 'chart-toolbar' }, h('label', { for: 'chart-mode' }, 'Show'), select),
    cards.length ? h('div', { class: 'chart-cards', 'data-testid': 'histograms' }, ...cards.map((c) => c.card)) : h('p', { class: 'muted' }, empty),
  );
  return { section, cards };
}

/** The monitors' part: each shown column's score over the checks, and performance over batches. Drawn only from recorded checks. */
function historySection(s: Saved, columns: DriftColumn[]) {
  const colors = themeColors();
  const palette = { line: colors.blue, drift: colors.red, threshold: colors.muted, estimated: colors.purple };
  const history = s.data.history;
  const head = h('h2', {}, 'Over the monitor’s checks');
  if (!history) {
    return { section: h('section', { class: 'history', 'data-testid': 'history' }, head, h('p', { class: 'muted' }, 'Score history and performance over batches appear when this report comes from a monitor’s recorded checks.')), cards: [] };
  }
  const names = new Set(columns.map((c) => c.name));
  const scoreCards = history.scores.filter((x) => names.has(x.column)).map((x) => chartCard(`${x.column} · ${x.method} per check`, null, scoreHistorySpec(x, palette), '', 'score-history', x.column));
  const perfCards = history.performance.map((p) => chartCard(p.metric, null, performanceSpec(p, palette), '', 'performance-history', p.metric));
  const cards = [...scoreCards, ...perfCards];
  return {
    section: h(
      'section',
      { class: 'history', 'data-testid': 'history' },
      head,
      cards.length ? h('div', { class: 'chart-cards' }, ...cards.map((c) => c.card)) : h('p', { class: 'muted' }, 'No recorded check holds these columns or a performance metric.'),
    ),
    cards,
  };
}

/** Charts are drawn as their card nears the viewport: a wide table can drift in hundreds of columns. */
function drawWhenVisible(cards: Card[]): void {
  observer?.disconnect();
  const pending = new Map(cards.flatMap((c) => (c.draw ? [[c.card, c.draw] as const] : [])));
  observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        const draw = e.isIntersecting ? pending.get(e.target as HTMLElement) : undefined;
        if (!draw) continue;
        pending.delete(e.target as HTMLElement);
        observer?.unobserve(e.target);
        void draw();
      }
    },
    { rootMargin: '400px' },
  );
  for (const card of pending.keys()) observer.observe(card);
}

function render(s: Saved): void {
  for (const v of views) v.finalize();
  views = [];
  const colors = sideColors();
  const charts = chartsSection(s, colors);
  const history = historySection(s, chartColumns(s));
  const exports = driftExportFormats.map((f) => button(`Export ${f.toUpperCase()}`, () => host.post({ type: 'export', format: f }), `export-${f}`));
  app.replaceChildren(
    ...present(
      h('header', {}, h('h1', {}, 'Drift Report'), h('span', { class: 'exports' }, ...exports)),
      summary(s.data, colors),
      h('h2', {}, 'Columns'),
      s.data.columns.length
        ? columnTable(s.data.columns, {
            sort: s.sort,
            // The highlight says which column the charts show; with every drifted column shown, none.
            selected: s.mode === 'selected' ? s.selected : undefined,
            onSort: (sort) => update({ sort }),
            onSelect: (selected) => update({ selected, mode: 'selected' }),
          })
        : h('p', { class: 'muted' }, 'No column was compared.'),
      charts.section,
      history.section,
    ),
  );
  app.setAttribute('aria-busy', 'false');
  drawWhenVisible([...charts.cards, ...history.cards]);
}

host.listen((message) => {
  if (message.type === 'drift') {
    const d = message.data;
    // The same report again (the panel restored): the user's sort and selection stay. A new report
    // opens on its drifted columns, or on its first column when none drifted.
    const same = shown && JSON.stringify(shown.data) === JSON.stringify(d);
    shown = same && shown ? shown : { data: d, mode: d.drifted ? 'drifted' : 'selected', selected: d.columns[0]?.name };
    host.saveState(shown);
    render(shown);
  } else {
    if (shown) render(shown);
    else app.replaceChildren();
    app.prepend(h('p', { class: 'error', role: 'alert', 'data-testid': 'error' }, message.message));
    app.setAttribute('aria-busy', 'false');
  }
});

// A restored panel shows its last report at once; the host sends it again when ready.
shown = host.state();
if (shown) render(shown);
host.post({ type: 'ready' });
