import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { View } from 'vega';
import type { OverviewData } from '../../src/shared/overviewData';
import { parseOverviewToWebview, type OverviewToHost, type OverviewToWebview } from '../../src/shared/protocol';
import { h, present } from '../common/dom';
import { renderVegaLite } from '../common/vegaChart';
import { connect } from '../common/vscodeApi';
import { runsPerDaySpec } from './runsPerDaySpec';

interface State {
  data: OverviewData;
  hasConfig: boolean;
}

const host = connect<OverviewToHost, OverviewToWebview, State>(parseOverviewToWebview);
const app = document.getElementById('app')!;
let chart: View | undefined;

function card(testId: string, label: string, value: number, detail: string): HTMLElement {
  return h('section', { class: 'card', 'aria-label': label }, h('div', { class: 'card-value', 'data-testid': testId }, String(value)), h('div', { class: 'card-label' }, label), h('div', { class: 'card-detail' }, detail));
}

function button(label: string, onClick: () => void, secondary = false): HTMLElement {
  const b = h('vscode-button', secondary ? { secondary: '' } : {}, label);
  b.addEventListener('click', onClick);
  return b;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function render({ data, hasConfig }: State): Promise<void> {
  const { counts } = data;
  const chartHost = h('div', { class: 'chart', 'data-testid': 'overview-chart', role: 'img', 'aria-label': 'Runs per day' });
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
    ),
  );
  app.setAttribute('aria-busy', 'false');
  try {
    chart = await renderVegaLite(chartHost, runsPerDaySpec(data.runsPerDay), chart);
  } catch (err) {
    chartHost.replaceChildren(h('p', { class: 'error' }, `The chart could not be drawn: ${String(err)}`));
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
