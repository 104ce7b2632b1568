import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { View } from 'vega';
import type { CompareData } from '../../src/shared/compareData';
import { parseCompareToWebview, type CompareToHost, type CompareToWebview } from '../../src/shared/protocol';
import { formatCompareValue } from '../../src/shared/format';
import { h, present } from '../common/dom';
import { renderVegaLite } from '../common/vegaChart';
import { connect } from '../common/vscodeApi';
import type { VersionMetricsData } from '../../src/shared/versionMetricsData';
import { parallelSpec } from './parallelSpec';
import { compareTableElement, type SortKey } from './table';
import { versionMetricSpec } from './versionsSpec';

interface State {
  data: CompareData;
  /** Compare Versions: each metric across the compared model versions. */
  versions?: VersionMetricsData;
  sort?: SortKey;
  onlyDiffering: boolean;
  selected: string[];
}

const host = connect<CompareToHost, CompareToWebview, State>(parseCompareToWebview);
const app = document.getElementById('app')!;
let state: State | undefined = host.state();
let chart: View | undefined;
const versionCharts: View[] = [];

function button(label: string, onClick: () => void, opts: { secondary?: boolean; disabled?: boolean; testId?: string } = {}): HTMLElement {
  const b = h('vscode-button', { secondary: opts.secondary ? '' : undefined, disabled: opts.disabled ? '' : undefined, 'data-testid': opts.testId }, label);
  b.addEventListener('click', () => !opts.disabled && onClick());
  return b;
}

function update(patch: Partial<State>, redrawChart = false): void {
  if (!state) return;
  state = { ...state, ...patch };
  host.saveState(state);
  void render(state, redrawChart);
}

function toolbar(s: State): HTMLElement {
  const { data } = s;
  const metricSelect = h('select', { id: 'primary-metric', 'data-testid': 'primary-metric' }, ...data.metricKeys.map((k) => h('option', { value: k }, k)));
  metricSelect.value = data.primaryMetric ?? '';
  metricSelect.disabled = !data.metricKeys.length;
  metricSelect.addEventListener('change', () => host.post({ type: 'setPrimaryMetric', metric: metricSelect.value }));
  const only = h('input', { type: 'checkbox', id: 'only-differing' });
  only.checked = s.onlyDiffering;
  only.addEventListener('change', () => update({ onlyDiffering: only.checked }));
  const pair = s.selected.length === 2 ? (s.selected as [string, string]) : undefined;
  const why = pair ? '' : 'select two runs';
  return h(
    'div',
    { class: 'toolbar' },
    h('label', { for: 'primary-metric' }, 'Primary metric '),
    metricSelect,
    h('label', { class: 'check' }, only, ' Only differing params'),
    h('span', { class: 'spacer' }),
    button('Compare in Editor', () => pair && host.post({ type: 'compareInEditor', runIds: pair }), { disabled: !pair, testId: 'compare-in-editor' }),
    button('Compare Code', () => pair && host.post({ type: 'compareCode', runIds: pair }), { secondary: true, disabled: !pair, testId: 'compare-code' }),
    why ? h('span', { class: 'muted small' }, why) : null,
  );
}

/** The params hidden by "Only differing params": equal in every run, so one line says them all. */
function sameParams(s: State): HTMLElement | null {
  const same = s.data.paramKeys.filter((k) => !s.data.differingParams.includes(k));
  if (!s.onlyDiffering || !same.length) return null;
  const first = s.data.rows[0]?.params ?? {};
  return h('p', { class: 'muted small', 'data-testid': 'same-params' }, `Same in every run: ${same.map((k) => `${k} ${formatCompareValue(first[k])}`).join(' · ')}`);
}

/** Compare Versions' small multiples: one chart per ranking or gate metric, x the version. */
function versionsSection(v: VersionMetricsData | undefined): { section: HTMLElement | null; draw: () => Promise<void> } {
  if (!v) return { section: null, draw: async () => {} };
  const cards = v.metrics.map((m) => ({ metric: m, target: h('div', { class: 'version-chart', 'data-testid': 'version-chart', 'data-metric': m }) }));
  const section = h(
    'section',
    { 'data-testid': 'versions-section' },
    h('h2', {}, 'Metrics across versions'),
    cards.length
      ? h('div', { class: 'version-charts', style: 'display: flex; flex-wrap: wrap; gap: 12px 28px' }, ...cards.map((c) => c.target))
      : h('p', { class: 'muted' }, 'These versions hold no metric to chart.'),
    h('p', { class: 'muted small' }, 'Each point is the value copied into the version when it was registered; ◆ marks a version an alias points at.'),
  );
  const draw = async () => {
    for (const old of versionCharts.splice(0)) old.finalize();
    for (const c of cards) {
      try {
        versionCharts.push(await renderVegaLite(c.target, versionMetricSpec(v, c.metric)));
      } catch (err) {
        c.target.replaceChildren(h('p', { class: 'error' }, `The chart could not be drawn: ${String(err)}`));
      }
    }
  };
  return { section, draw };
}

async function render(s: State, redrawChart = true): Promise<void> {
  const { data } = s;
  const table = compareTableElement(data, {
    sort: s.sort,
    onlyDiffering: s.onlyDiffering,
    selected: s.selected,
    onSort: (sort) => update({ sort }),
    onSelect: (id, on) => update({ selected: on ? [...s.selected.filter((x) => x !== id), id].slice(-2) : s.selected.filter((x) => x !== id) }),
  });
  const differ = data.differingParams.length;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const summary = `${count(data.rows.length, 'run')} · ${differ} of ${count(data.paramKeys.length, 'param')} differ · ${count(data.metricKeys.length, 'metric')}`;
  const versions = redrawChart ? versionsSection(s.versions) : undefined;
  const keptVersions = !redrawChart ? document.querySelector<HTMLElement>('[data-testid=versions-section]') : null;
  const chartHost = (!redrawChart && document.querySelector<HTMLElement>('[data-testid=parallel-chart]')) || h('div', { class: 'chart', 'data-testid': 'parallel-chart', role: 'img', 'aria-label': 'Parallel coordinates of params and the primary metric' });
  app.replaceChildren(
    ...present(
    h('header', {}, h('h1', {}, 'Compare Runs'), h('span', { class: 'muted', 'data-testid': 'compare-summary' }, summary), button('Refresh', () => host.post({ type: 'refresh' }), { secondary: true })),
    toolbar(s),
    table,
    sameParams(s),
    h('h2', {}, `Params against ${data.primaryMetric ?? 'the primary metric'}`),
    data.parallel.axes.length ? chartHost : h('p', { class: 'muted' }, 'These runs have no params or shared metrics to draw.'),
    h('p', { class: 'muted small' }, 'Each line is a run; each axis is scaled from its lowest (bottom) to its highest value (top). ★ marks the best value of each metric.'),
    versions?.section ?? keptVersions,
    ),
  );
  app.setAttribute('aria-busy', 'false');
  void versions?.draw();
  if (!redrawChart || !data.parallel.axes.length) return;
  try {
    chart = await renderVegaLite(chartHost, parallelSpec(data.parallel, data.primaryMetric, data.primaryMetric ? data.best[data.primaryMetric]?.direction : undefined), chart);
  } catch (err) {
    chartHost.replaceChildren(h('p', { class: 'error' }, `The chart could not be drawn: ${String(err)}`));
  }
}

host.listen((message) => {
  if (message.type === 'compare') {
    const ids = message.data.rows.map((r) => r.id);
    // Keep the user's sort and selection across refreshes, as long as the selected runs remain.
    const kept = state?.selected.filter((id) => ids.includes(id)) ?? [];
    // Many params, some differing: start with just those (the rest is listed under the table).
    const manyParams = message.data.paramKeys.length > 6 && message.data.differingParams.length > 0;
    state = { data: message.data, versions: message.versions, sort: state?.sort, onlyDiffering: state?.onlyDiffering ?? manyParams, selected: kept.length ? kept : ids.slice(0, 2) };
    host.saveState(state);
    void render(state);
  } else {
    app.replaceChildren(h('p', { class: 'error', role: 'alert' }, message.message), button('Retry', () => host.post({ type: 'refresh' })));
  }
});

// Show the last data at once when the panel is restored, then ask the host for fresh data.
if (state) void render(state);
host.post({ type: 'ready' });
