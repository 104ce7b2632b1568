import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import { metricsXAxes, runLabel, shortRunId, type MetricsRun, type MetricsXAxis } from '../../src/shared/metricsData';
import { parseMetricsToWebview, type MetricsToHost, type MetricsToWebview } from '../../src/shared/protocol';
import { runColors } from '../../src/shared/runPalette';
import { h } from '../common/dom';
import { themeColors } from '../common/vegaView';
import { connect } from '../common/vscodeApi';
import { ChartCard, type ChartContext, type SeriesTiming } from './chartCard';
import { SeriesData } from './seriesData';
import { injectStyles } from './styles';

/** What survives a reload of the webview (getState/setState). */
interface State {
  xAxis: MetricsXAxis;
  smoothing: number;
  logScale: boolean;
  /** Runs the user unticked in the legend. */
  hidden: string[];
  /** The panel's runs, so VS Code can restore the panel after a reload. */
  runIds: string[];
}

const xAxisLabels: Record<MetricsXAxis, string> = { step: 'Step', relative: 'Relative time', wall: 'Wall time' };

// Read by the runs e2e, beside data-runs-at: when this page started loading and its script ran.
document.body.dataset.pageAt = String(Math.round(performance.timeOrigin));
document.body.dataset.scriptAt = String(Date.now());
injectStyles();
const host = connect<MetricsToHost, MetricsToWebview, State>(parseMetricsToWebview);
const app = document.getElementById('app')!;
const saved = host.state();
const state: State = {
  xAxis: saved && metricsXAxes.includes(saved.xAxis) ? saved.xAxis : 'step',
  smoothing: saved && saved.smoothing >= 0 && saved.smoothing <= 0.99 ? saved.smoothing : 0.6,
  logScale: saved?.logScale === true,
  hidden: Array.isArray(saved?.hidden) ? saved.hidden : [],
  runIds: Array.isArray(saved?.runIds) ? saved.runIds : [],
};
let runs: MetricsRun[] = [];
let colors: string[] = [];
const data = new SeriesData();
const cards = new Map<string, ChartCard>();
/** Per metric key, the timing of the newest series message that changed it. */
const timings = new Map<string, SeriesTiming>();

const legend = h('div', { class: 'legend', 'data-testid': 'metrics-legend', role: 'group', 'aria-label': 'Runs' });
const charts = h('div', { class: 'charts', 'data-testid': 'metrics-charts' });
const message = h('p', { class: 'muted', 'data-testid': 'metrics-message' }, 'Loading metrics…');

function context(): ChartContext {
  const hidden = new Set(state.hidden);
  return {
    runs: runs.filter((r) => !hidden.has(r.id)),
    allRunIds: runs.map((r) => r.id),
    colors,
    options: { xAxis: state.xAxis, smoothing: state.smoothing, logScale: state.logScale },
    series: (key) => data.runsOf(key),
    timing: (key) => timings.get(key),
    save: (format, fileName, content) => host.post({ type: 'export', format, fileName, content }),
  };
}

/* ---------- drawing: only charts on screen, one at a time, coalesced ---------- */

// A draw starts on the next frame; series that arrive while one runs are drawn together by the next
// pass (drawAgain). Draws insert only new points (chartUpdate.ts), so they need no quiet spell to
// batch the messages of fifty loading runs: the host keeps few messages on their way and merges the rest.
let drawing = false;
let drawAgain = false;
/**
 * Series messages taken and not yet acknowledged. 'applied' (with their count) goes once the draw
 * pass that shows them has ended, not on receipt: the host keeps at most a few on their way, so they
 * cannot queue there faster than the charts draw (the workbench relays them on the thread these
 * draws also run on, and a queue there held them for seconds, then tens of seconds on a loaded machine).
 */
let unacknowledged = 0;

function requestDraw(): void {
  void drawVisible();
}

async function drawVisible(): Promise<void> {
  if (drawing) {
    drawAgain = true;
    return;
  }
  drawing = true;
  try {
    do {
      drawAgain = false;
      await new Promise((r) => requestAnimationFrame(r));
      for (const card of cards.values()) await card.renderIfNeeded();
    } while (drawAgain);
  } finally {
    drawing = false;
    if (unacknowledged) {
      host.post({ type: 'applied', count: unacknowledged });
      unacknowledged = 0;
    }
  }
}

/** Charts this close to the screen are drawn too, so a scroll finds them ready. */
const OBSERVER_MARGIN_PX = 300;
const observer = new IntersectionObserver(
  (entries) => {
    for (const e of entries) {
      const card = cards.get((e.target as HTMLElement).dataset.key ?? '');
      if (card) card.visible = e.isIntersecting;
    }
    requestDraw();
  },
  { rootMargin: `${OBSERVER_MARGIN_PX}px 0px` },
);

function invalidate(keys: Iterable<string> = cards.keys()): void {
  for (const k of keys) {
    const card = cards.get(k);
    if (card) card.dirty = true;
  }
  requestDraw();
}

/** Adds cards for new keys, in display order. */
function syncCards(): void {
  const keys = data.keys();
  const fresh: ChartCard[] = [];
  for (const key of keys) {
    if (!cards.has(key)) {
      const card = new ChartCard(key, context);
      cards.set(key, card);
      observer.observe(card.element);
      fresh.push(card);
    }
  }
  for (const [key, card] of cards) {
    if (!keys.includes(key)) {
      observer.unobserve(card.element);
      card.dispose();
      cards.delete(key);
    }
  }
  // Re-append in order: moves existing nodes, so drawn charts are kept.
  charts.append(...keys.map((k) => cards.get(k)!.element));
  // A new card on screen is drawn by the pass already asked for, not a frame later when the
  // observer first reports it: the panel's first points wait for nothing.
  for (const card of fresh) card.visible = nearViewport(card.element);
  updateMessage();
}

/** Whether `el` is on screen or within the observer's margin of it. */
function nearViewport(el: HTMLElement): boolean {
  const r = el.getBoundingClientRect();
  return r.bottom > -OBSERVER_MARGIN_PX && r.top < window.innerHeight + OBSERVER_MARGIN_PX;
}

function updateMessage(): void {
  if (!runs.length) message.textContent = 'None of the chosen runs is in the store any more.';
  else if (!cards.size) message.textContent = 'No metrics logged yet. Charts appear here as soon as a run logs one.';
  else message.textContent = '';
  message.hidden = message.textContent === '';
}

/* ---------- controls ---------- */

function saveState(): void {
  host.saveState(state);
}

function renderLegend(): void {
  const hidden = new Set(state.hidden);
  legend.replaceChildren(
    ...runs.map((run, i) => {
      const box = h('input', { type: 'checkbox', 'aria-label': `Show ${runLabel(run)}` });
      box.checked = !hidden.has(run.id);
      box.addEventListener('change', () => {
        state.hidden = box.checked ? state.hidden.filter((id) => id !== run.id) : [...state.hidden, run.id];
        saveState();
        renderLegend();
        invalidate();
      });
      return h(
        'label',
        { class: `legend-item${hidden.has(run.id) ? ' hidden' : ''}`, title: `${run.name} (${run.id}) · ${run.experiment} · ${run.status}`, 'data-testid': 'legend-run' },
        box,
        h('span', { class: 'swatch', style: `background:${colors[i]}` }),
        h('span', { class: 'run-name' }, run.name),
        h('span', { class: 'short-id' }, shortRunId(run.id)),
        run.status === 'running' ? h('span', { class: 'run-status' }, '● live') : null,
      );
    }),
  );
}

function toolbar(): HTMLElement {
  const xSelect = h('vscode-single-select', { 'aria-label': 'X axis', 'data-testid': 'x-axis' }, ...metricsXAxes.map((x) => h('vscode-option', { value: x, ...(x === state.xAxis ? { selected: '' } : {}) }, xAxisLabels[x])));
  xSelect.addEventListener('change', () => {
    const v = (xSelect as unknown as { value: string }).value as MetricsXAxis;
    if (metricsXAxes.includes(v)) {
      state.xAxis = v;
      saveState();
      invalidate();
    }
  });
  // A native range input: @vscode-elements has no slider; theme colors keep it native-looking.
  const slider = h('input', { type: 'range', min: '0', max: '0.99', step: '0.01', 'aria-label': 'Smoothing', 'data-testid': 'smoothing' });
  slider.value = String(state.smoothing);
  const sliderValue = h('span', { class: 'smoothing-value' }, state.smoothing.toFixed(2));
  // The label follows the drag; charts redraw when it is released (a redraw of many runs is not free).
  slider.addEventListener('input', () => {
    sliderValue.textContent = Number(slider.value).toFixed(2);
  });
  slider.addEventListener('change', () => {
    state.smoothing = Number(slider.value);
    sliderValue.textContent = state.smoothing.toFixed(2);
    saveState();
    invalidate();
  });
  const log = h('vscode-checkbox', { label: 'Log scale', 'data-testid': 'log-scale', ...(state.logScale ? { checked: '' } : {}) });
  log.addEventListener('change', () => {
    state.logScale = (log as unknown as { checked: boolean }).checked;
    saveState();
    invalidate();
  });
  const add = h('vscode-button', { secondary: '', title: 'Overlay more runs' }, 'Add Runs…');
  add.addEventListener('click', () => host.post({ type: 'addRuns' }));
  return h(
    'div',
    { class: 'toolbar' },
    h('label', {}, 'X axis', xSelect),
    h('label', {}, 'Smoothing', slider, sliderValue),
    log,
    add,
  );
}

app.replaceChildren(h('header', {}, h('h1', {}, 'Metrics')), toolbar(), legend, message, charts);
app.setAttribute('aria-busy', 'false');

host.listen((msg) => {
  switch (msg.type) {
    case 'runs': {
      // Read by the runs e2e: when the panel first knew its runs (it then stops saying "Loading metrics…").
      document.body.dataset.runsAt ??= String(Date.now());
      runs = msg.runs;
      state.runIds = runs.map((r) => r.id);
      saveState();
      const c = themeColors();
      colors = runColors(runs.length, [c.blue, c.orange, c.green, c.red, c.purple, c.yellow], !document.body.classList.contains('vscode-light'));
      // Colors, names and the run set may all have changed: every chart is out of date.
      data.retainRuns(new Set(runs.map((r) => r.id)));
      renderLegend();
      syncCards();
      invalidate();
      break;
    }
    case 'series': {
      const receivedAt = Date.now();
      const changed = data.apply(msg.series);
      for (const key of changed) timings.set(key, { sentAt: msg.sentAt, receivedAt, queryMs: msg.queryMs });
      // Acknowledged once drawn (see unacknowledged): the host merges what comes meanwhile.
      unacknowledged++;
      invalidate(changed);
      syncCards();
      break;
    }
    case 'error':
      message.hidden = false;
      message.className = 'error';
      message.setAttribute('role', 'alert');
      message.textContent = msg.message;
      break;
  }
});

// Read by the runs e2e: whether the runs came in the page itself (listen() hands over the page's
// messages before it returns), so the panel's first paint already had them, or by a later message.
document.body.dataset.runsFrom = document.body.dataset.runsAt ? 'page' : 'message';

// How late this webview's timers fire (its event loop's lag, the most of the last 5 s): read by the
// runs e2e beside the message timings, to tell a busy webview from a slow way in.
const LAG_TICK_MS = 100;
let lagWindow: number[] = [];
let lastTick = performance.now();
setInterval(() => {
  const now = performance.now();
  lagWindow.push(Math.max(0, now - lastTick - LAG_TICK_MS));
  lastTick = now;
  if (lagWindow.length > 5000 / LAG_TICK_MS) lagWindow = lagWindow.slice(-5000 / LAG_TICK_MS);
  document.body.dataset.loopLag = String(Math.round(Math.max(...lagWindow)));
}, LAG_TICK_MS);

// Every Metrics page carries a boot script (metricsBoot.ts, the one place the series target is
// reckoned), which said 'ready' before this bundle loaded.
if (!host.bootSaidReady) console.error('MLOps Metrics: the page has no boot script, so the host was never told it is ready');
// Read by the runs e2e: whether the host heard 'ready' from the boot script, before the bundle ran.
document.body.dataset.readyFrom = host.bootSaidReady ? 'boot' : 'none';
