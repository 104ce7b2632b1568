// One metric key's chart: drawn only while on screen (IntersectionObserver), redrawn when its data
// or the options change, exportable as SVG, PNG or CSV.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { changeset, type View } from 'vega';
import type { MetricsExportFormat, MetricsRun } from '../../src/shared/metricsData';
import { runLabel } from '../../src/shared/metricsData';
import { ema } from '../../src/shared/ema';
import { seriesCsv, type CsvRow } from '../../src/shared/seriesCsv';
import { h } from '../common/dom';
import { renderVega, vegaView } from '../common/vegaView';
import { chartRows, exportSpec, hasBand, LIVE_DATA, liveChartSpec, runRows, seriesUnit, tooltipsFor, type ChartOptions, type ChartRow } from './chartSpec';
import { drawnAfter, planUpdate, type Drawn } from './chartUpdate';
import type { SeriesColumns } from './seriesData';

/** When the newest series message with this chart's key was posted by the host and taken here. */
export interface SeriesTiming {
  sentAt: number;
  receivedAt: number;
  queryMs: number;
}

export interface ChartContext {
  /** Runs shown, in color order. */
  runs: MetricsRun[];
  /** Every run of the panel and its color: colors stay put when a run is hidden. */
  allRunIds: string[];
  colors: string[];
  options: ChartOptions;
  series(key: string): Map<string, SeriesColumns>;
  timing(key: string): SeriesTiming | undefined;
  save(format: MetricsExportFormat, fileName: string, content: string): void;
}

/** A file name from a metric key: "train/loss" -> "train_loss". */
export const fileStem = (key: string) => key.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/^\.+/, '_').slice(0, 180) || 'metric';

export class ChartCard {
  readonly element: HTMLElement;
  private readonly chartHost: HTMLElement;
  private readonly note: HTMLElement;
  private view: View | undefined;
  /** What the view holds: new points are inserted into it, not drawn again from scratch. */
  private drawn: Drawn | undefined;
  private draws = 0;
  /** What the note under the chart says of its points; a zoom adds how to undo it. */
  private pointsNote = '';
  private zoomed = false;
  dirty = true;
  visible = false;

  constructor(
    readonly key: string,
    private readonly ctx: () => ChartContext,
  ) {
    this.chartHost = h('div', { class: 'metric-chart', role: 'img', 'aria-label': `Chart of ${key}` });
    this.note = h('div', { class: 'note muted' });
    const button = (label: string, title: string, onClick: () => void) => {
      const b = h('vscode-button', { secondary: '', title, 'data-testid': `export-${label.toLowerCase()}` }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    this.element = h(
      'section',
      { class: 'chart-card', 'data-testid': 'metric-card', 'data-key': key },
      h(
        'header',
        {},
        h('h2', { title: key }, key),
        h('span', { class: 'spacer' }),
        button('SVG', `Save this chart as SVG`, () => void this.export('svg')),
        button('PNG', `Save this chart as PNG`, () => void this.export('png')),
        button('CSV', `Save this chart's data (the plotted, downsampled points) as CSV`, () => void this.export('csv')),
      ),
      this.chartHost,
      this.note,
    );
  }

  /**
   * Draws the chart if it is on screen and out of date; returns whether it drew. While a run logs,
   * only its new points are inserted into the view (see chartUpdate.ts), so a redraw costs about the
   * same at step 3,000 as at step 30.
   */
  async renderIfNeeded(): Promise<boolean> {
    if (!this.visible || !this.dirty) return false;
    this.dirty = false;
    const c = this.ctx();
    const all = c.series(this.key);
    const shown = new Map<string, SeriesColumns>();
    for (const run of c.runs) {
      const cols = all.get(run.id);
      if (cols) shown.set(run.id, cols);
    }
    const unit = seriesUnit(all);
    let points = 0;
    for (const cols of shown.values()) points += cols.step.length;
    const layout = { band: hasBand(shown, c.options), tooltip: tooltipsFor(points) };
    const shape = JSON.stringify([c.options, c.allRunIds, c.colors, unit.name, layout]);
    const plan = planUpdate(this.drawn, shape, shown);
    const startedAt = Date.now();
    const started = performance.now();
    let hidden = 0;
    try {
      const rows: ChartRow[] = [];
      for (const run of c.runs) {
        const cols = shown.get(run.id);
        if (cols) hidden += runRows(run, cols, c.options, unit, plan.kind === 'insert' ? (plan.from.get(run.id) ?? 0) : 0, rows);
      }
      if (plan.kind === 'build' || !this.view) {
        this.view?.finalize();
        this.chartHost.replaceChildren();
        this.view = vegaView(this.chartHost, liveChartSpec(this.key, layout, unit, c.allRunIds, c.colors, c.options), 'canvas');
        this.zoomed = false;
        // xdom is the zoomed x domain, null when the chart shows all of its points.
        this.view.addSignalListener('xdom', (_name, domain: unknown) => {
          this.zoomed = domain !== null;
          // Read by the e2e tests: where a drag or the wheel moved the x axis.
          this.chartHost.dataset.xDomain = Array.isArray(domain) ? domain.map(Number).join(',') : '';
          this.showNote();
        });
        this.view.insert(LIVE_DATA, rows);
      } else if (plan.kind === 'reset') {
        this.view.change(LIVE_DATA, changeset().remove(() => true).insert(rows));
      } else if (plan.kind === 'insert') {
        this.view.insert(LIVE_DATA, rows);
      }
      if (plan.kind === 'none') return false;
      await this.view.runAsync();
      this.drawn = drawnAfter(shape, shown);
      // Read by the e2e tests: how many points the chart holds, how often it was drawn and how.
      const host = this.chartHost.dataset;
      host.rendered = String(points);
      host.draws = String(++this.draws);
      host.update = plan.kind;
      // And when the newest point drawn was logged, beside when it was drawn: the live latency, with
      // its parts: the host's post and read, the webview's receipt, the draw's start and length.
      let lastLogged = 0;
      for (const cols of shown.values()) lastLogged = Math.max(lastLogged, cols.timestamp[cols.timestamp.length - 1] ?? 0);
      host.lastLogged = String(lastLogged);
      // The first drawing, kept: how long its oldest point waited to be seen (the panel's first points).
      if (!host.firstDrawnAt) {
        let oldest = Infinity;
        for (const cols of shown.values()) oldest = Math.min(oldest, cols.timestamp[0] ?? Infinity);
        host.firstDrawnAt = String(Date.now());
        host.firstLogged = String(Number.isFinite(oldest) ? oldest : 0);
        host.firstNewestLogged = String(lastLogged);
      }
      host.drawnAt = String(Date.now());
      host.drawStart = String(startedAt);
      host.drawMs = String(Math.round(performance.now() - started));
      const timing = c.timing(this.key);
      if (timing) {
        host.sentAt = String(timing.sentAt);
        host.receivedAt = String(timing.receivedAt);
        host.queryMs = String(timing.queryMs);
      }
    } catch (err) {
      this.drawn = undefined;
      this.view?.finalize();
      this.view = undefined;
      this.chartHost.replaceChildren(h('p', { class: 'error' }, `The chart could not be drawn: ${String(err)}`));
    }
    this.pointsNote = [
      hidden ? `${hidden} ${c.options.logScale ? 'non-positive or infinite' : 'infinite'} value${hidden === 1 ? '' : 's'} not drawn` : '',
      layout.band ? 'shaded: min–max of merged points' : '',
    ]
      .filter(Boolean)
      .join(' · ');
    this.showNote();
    return true;
  }

  private showNote(): void {
    this.note.textContent = [this.zoomed ? 'zoomed: double-click to show all' : '', this.pointsNote].filter(Boolean).join(' · ');
    this.chartHost.dataset.zoomed = String(this.zoomed);
  }

  private async export(format: MetricsExportFormat): Promise<void> {
    const stem = fileStem(this.key);
    if (format === 'csv') {
      this.ctx().save('csv', `${stem}.csv`, seriesCsv(this.csvRows()));
      return;
    }
    // Drawn apart from the panel (fixed size, title, legend), on an opaque background so the image
    // reads the same outside the editor's theme.
    const c = this.ctx();
    const { rows, unit } = chartRows(c.runs, c.series(this.key), c.options);
    const colors = c.runs.map((r) => c.colors[c.allRunIds.indexOf(r.id)]);
    const view = await renderVega(document.createElement('div'), exportSpec(this.key, rows, unit, c.runs, colors, c.options), 'svg');
    try {
      view.background(getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || '#ffffff');
      await view.runAsync();
      const content = format === 'svg' ? await view.toSVG() : await view.toImageURL('png', 2);
      c.save(format, `${stem}.${format}`, content);
    } finally {
      view.finalize();
    }
  }

  private csvRows(): CsvRow[] {
    const c = this.ctx();
    const series = c.series(this.key);
    const rows: CsvRow[] = [];
    for (const run of c.runs) {
      const cols = series.get(run.id);
      if (!cols) continue;
      const smoothed = ema(cols.value, c.options.smoothing);
      const name = runLabel(run);
      for (let i = 0; i < cols.step.length; i++) {
        rows.push({ run_id: run.id, run_name: name, step: cols.step[i], timestamp: cols.timestamp[i], relative_ms: cols.relative[i], value: cols.value[i], smoothed: smoothed[i], band_min: cols.lo[i], band_max: cols.hi[i] });
      }
    }
    return rows;
  }

  dispose(): void {
    this.view?.finalize();
    this.element.remove();
  }
}
