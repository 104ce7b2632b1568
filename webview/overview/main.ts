import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { View } from 'vega';
import { formatCost } from '../../src/shared/costFormat';
import { formatSize } from '../../src/shared/format';
import type { OverviewCost, OverviewData } from '../../src/shared/overviewData';
import { parseOverviewToWebview, type OverviewToHost, type OverviewToWebview } from '../../src/shared/protocol';
import { h, present } from '../common/dom';
import { renderVegaLite } from '../common/vegaChart';
import { connect } from '../common/vscodeApi';
import { costPerWeekSpec } from './costPerWeekSpec';
import { runsPerDaySpec } from './runsPerDaySpec';

interface State {
  data: OverviewData;
  hasConfig: boolean;
}

const host = connect<OverviewToHost, OverviewToWebview, State>(parseOverviewToWebview);
const app = document.getElementById('app')!;
let chart: View | undefined;
let costChart: View | undefined;

function card(testId: string, label: string, value: number, detail: string): HTMLElement {
  return h('section', { class: 'card', 'aria-label': label }, h('div', { class: 'card-value', 'data-testid': testId }, String(value)), h('div', { class: 'card-label' }, label), h('div', { class: 'card-detail' }, detail));
}

function button(label: string, onClick: () => void, secondary = false): HTMLElement {
  const b = h('vscode-button', secondary ? { secondary: '' } : {}, label);
  b.addEventListener('click', onClick);
  return b;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const PRICES_HINT = 'Add "cost": {"cpuHour": 0.05} to mlops.json to see what runs cost.';

/** Cost per week: a chart once runs have a cost or prices exist, else what to add to see one. */
function costSection(cost: OverviewCost | undefined): { nodes: (HTMLElement | null)[]; chartHost?: HTMLElement } {
  if (!cost) return { nodes: [] };
  const anyCost = cost.weeks.some((w) => w.cost > 0);
  if (!anyCost && !cost.computePrices) return { nodes: [h('h2', {}, 'Cost per week'), h('p', { class: 'muted', 'data-testid': 'cost-empty' }, PRICES_HINT)] };
  const chartHost = h('div', { class: 'chart', 'data-testid': 'cost-chart', role: 'img', 'aria-label': 'Cost of runs per week, last 12 weeks' });
  const total = cost.weeks.reduce((sum, w) => sum + w.cost, 0);
  return {
    chartHost,
    nodes: [
      h('h2', {}, 'Cost per week'),
      h('p', { class: 'muted small', 'data-testid': 'cost-total' }, `${formatCost({ amount: total, currency: cost.currency })} over the last ${plural(cost.weeks.length, 'week')}, from the CPU and GPU time each run used.`),
      chartHost,
      anyCost ? null : h('p', { class: 'muted' }, 'No run has a cost yet: runs launched from now on are measured and priced.'),
    ],
  };
}

/** Storage by dataset: bytes of every version each dataset keeps, and a month of storing them when priced. */
function storageSection(cost: OverviewCost | undefined): (HTMLElement | null)[] {
  if (!cost) return [];
  const heading = h('h2', {}, 'Storage by dataset');
  if (!cost.storage.length) return [heading, h('p', { class: 'muted', 'data-testid': 'storage-empty' }, 'No dataset versions stored yet: version a file from the Datasets view or with `mlops data add`.')];
  const priced = cost.storagePrice;
  const rows = cost.storage.map((d) =>
    h(
      'tr',
      { 'data-dataset': d.dataset },
      h('th', { scope: 'row' }, d.dataset),
      h('td', {}, formatSize(d.bytes)),
      priced ? h('td', {}, d.monthlyCost !== undefined ? formatCost({ amount: d.monthlyCost, currency: cost.currency }) : '—') : null,
    ),
  );
  const table = h(
    'table',
    { class: 'storage', 'data-testid': 'storage-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Dataset'), h('th', { scope: 'col' }, 'Size (all versions)'), priced ? h('th', { scope: 'col' }, 'Per month') : null)),
    h('tbody', {}, ...rows),
  );
  return [
    heading,
    table,
    h(
      'p',
      { class: 'muted small' },
      priced ? 'An object shared by two datasets counts in each; `mlops du` gives the unique bytes on disk.' : 'Add "storageGbMonth" to "cost" in mlops.json to see what storing them costs per month.',
    ),
  ];
}

async function render({ data, hasConfig }: State): Promise<void> {
  const { counts } = data;
  const chartHost = h('div', { class: 'chart', 'data-testid': 'overview-chart', role: 'img', 'aria-label': 'Runs per day' });
  const costs = costSection(data.cost);
  app.replaceChildren(
    ...present(
    h(
      'header',
      {},
      h('h1', {}, 'MLOps Overview'),
      h('span', { class: 'muted', 'data-testid': 'generated-at' }, `updated ${new Date(data.generatedAt).toLocaleTimeString()}`),
      button('Refresh', () => host.post({ type: 'refresh' }), true),
    ),
    hasConfig
      ? null
      : h('div', { class: 'banner', role: 'status' }, h('span', {}, 'This workspace has no mlops.json yet.'), button('Initialize Workspace', () => host.post({ type: 'runCommand', command: 'mlops.initWorkspace' }))),
    h(
      'div',
      { class: 'cards' },
      card('count-runs', 'Runs', counts.runs, counts.runningRuns ? `${counts.runningRuns} running now` : 'none running'),
      card('count-dataset-versions', 'Dataset versions', counts.datasetVersions, `across ${plural(counts.datasets, 'dataset')}`),
      card('count-models', 'Models', counts.models, plural(counts.modelVersions, 'registered version')),
    ),
    h('h2', {}, 'Runs per day'),
    chartHost,
    counts.runs ? null : h('p', { class: 'muted' }, 'No runs recorded yet: launch one from the Runs view or with `mlops run` in a terminal.'),
    ...costs.nodes,
    ...storageSection(data.cost),
    ),
  );
  app.setAttribute('aria-busy', 'false');
  try {
    chart = await renderVegaLite(chartHost, runsPerDaySpec(data.runsPerDay), chart);
  } catch (err) {
    chartHost.replaceChildren(h('p', { class: 'error' }, `The chart could not be drawn: ${String(err)}`));
  }
  costChart?.finalize();
  costChart = undefined;
  if (!costs.chartHost || !data.cost) return;
  try {
    costChart = await renderVegaLite(costs.chartHost, costPerWeekSpec(data.cost.weeks, data.cost.currency));
  } catch (err) {
    costs.chartHost.replaceChildren(h('p', { class: 'error' }, `The chart could not be drawn: ${String(err)}`));
  }
}

host.listen((message) => {
  if (message.type === 'overview') {
    const state = { data: message.data, hasConfig: message.hasConfig };
    host.saveState(state);
    void render(state);
  } else {
    app.replaceChildren(h('p', { class: 'error', role: 'alert' }, message.message), button('Retry', () => host.post({ type: 'refresh' })));
  }
});

// Show the last data at once when the panel is restored, then ask the host for fresh data.
const saved = host.state();
if (saved) void render(saved);
host.post({ type: 'ready' });
