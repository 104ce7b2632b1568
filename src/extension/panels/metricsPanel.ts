import * as vscode from 'vscode';
import { listRuns, type RunRecord } from '../../core/tracking/runRecords';
import { lastStep, metricSeries, runTimeOrigin, seriesKeys, type MetricSeriesPoint } from '../../core/tracking/metricSeries';
import type { Store } from '../../core/store/store';
import { toWire, type MetricsExportFormat, type MetricsRun, type MetricsSeries } from '../../shared/metricsData';
import { parseMetricsToHost, type MetricsToHost, type MetricsToWebview } from '../../shared/protocol';
import { PendingSeries } from '../../shared/seriesMerge';
import { runsFromArgs } from '../commands/pickRuns';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { InFlightWindow } from './inFlightWindow';
import { METRICS_BOOT } from './metricsBoot';
import { PanelHost } from './panelHost';
import { webviewOptions } from './webviewHtml';

/** What the webview holds of one run+key: live updates send only points after `lastStep`. */
interface Sent {
  lastStep: number;
  count: number;
}

/** A series that grew past this many times the target is resent whole, so the webview stays light. */
const REGROW_FACTOR = 3;
/**
 * Points per chart, all runs together, that the webview redraws in well under a second (Vega
 * under the CSP interprets its expressions per point). Fifty runs get fewer points each; every
 * bucket's min and max still survive, so no spike is lost.
 */
const CHART_POINT_BUDGET = 24_000;
const MIN_SERIES_POINTS = 300;
/**
 * A series message not acknowledged within this long no longer holds the next one back: only a lost
 * acknowledgement should come to this. The webview acknowledges once it has drawn a message, and a
 * shorter wait (it was one second) let messages pile up on their way faster than a loaded machine
 * drew them: 20-30 s behind the run.
 */
const APPLIED_TIMEOUT_MS = 10_000;
/**
 * Series messages on their way at once. With one, a point logged while a message travelled waited
 * for that message's whole round trip (on the runs e2e the host held updates 1-3 s: "metrics
 * change->post"); with two, it goes at once, and the webview draws both in one pass when they meet.
 */
const MAX_IN_FLIGHT = 2;
/**
 * Points the page may carry (webviewHtml's data block) so the first charts draw as the panel's
 * script starts, without the ready -> data round trip through the workbench (about a second of the
 * panel's start on a loaded machine). More than this goes the usual way, after 'ready'.
 */
const PAGE_POINT_BUDGET = 50_000;

const exportFilters: Record<MetricsExportFormat, Record<string, string[]>> = {
  svg: { 'SVG image': ['svg'] },
  png: { 'PNG image': ['png'] },
  csv: { 'CSV data': ['csv'] },
};

/** "MLOps Metrics": one chart per metric key, the chosen runs overlaid, updated live. One panel at a time. */
export class MetricsPanel extends PanelHost<MetricsToHost, MetricsToWebview> {
  static readonly viewType = 'mlops.metrics';
  static readonly title = 'MLOps Metrics';
  private static current: MetricsPanel | undefined;
  private target = 2000;
  private runs: RunRecord[] = [];
  private readonly sent = new Map<string, Sent>();
  private readonly origins = new Map<string, number | null>();
  /** Bumped whenever a full send starts, so a slower earlier one stops. */
  private generation = 0;
  private updating = false;
  private updateAgain = false;
  /** The series messages the webview has not acknowledged yet. */
  private readonly inFlight = new InFlightWindow(MAX_IN_FLIGHT, APPLIED_TIMEOUT_MS);
  /** Sends what is pending once the oldest message in flight has waited APPLIED_TIMEOUT_MS. */
  private flushTimer: NodeJS.Timeout | undefined;
  /** Updates read while the window is full, merged per run and key: sent as one on 'applied'. */
  private readonly pending = new PendingSeries();
  /** The host's reading time of what is pending, summed. */
  private pendingQueryMs = 0;
  /** When the oldest store change not yet posted was heard (performance.now()), for the timing figures. */
  private changedAt: number | undefined;
  /** A store change came while the window was full: read once a message is applied (or has waited too long). */
  private stale = false;
  /**
   * What the page carries until its first 'ready': the target its series were read for, and whether
   * each is whole (fewer points than that target, so no other target would read it differently).
   */
  private inPage: { target: number; whole: boolean } | undefined;
  /** Held while this panel is visible and shows a running run: run terminals then write less often. */
  private paceHold: vscode.Disposable | undefined;

  /**
   * Shows `runIds` in the one panel, opened in the active editor group or, `beside`, next to it
   * without taking the focus (a run launched from the editor: the user keeps typing where they were).
   */
  static show(extensionUri: vscode.Uri, state: WorkbenchState, log: Log, runIds: string[], { beside = false } = {}): MetricsPanel {
    if (MetricsPanel.current) {
      MetricsPanel.current.setRuns(runIds);
      MetricsPanel.current.panel.reveal(undefined, beside);
      return MetricsPanel.current;
    }
    const column = beside ? { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true } : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(MetricsPanel.viewType, MetricsPanel.title, column, {
      ...webviewOptions(extensionUri),
      // Charts are expensive to rebuild and hold zoom/scroll; keep them while the tab is hidden.
      retainContextWhenHidden: true,
    });
    MetricsPanel.current = new MetricsPanel(panel, extensionUri, state, log, runIds);
    return MetricsPanel.current;
  }

  /** What the open panel shows (for the extension's API); undefined while none is open. */
  static shown(): { runIds: string[]; viewColumn: number | undefined } | undefined {
    const current = MetricsPanel.current;
    return current && { runIds: [...current.runIds], viewColumn: current.panel.viewColumn };
  }

  /** Brings back a panel VS Code restored after a reload, with the runs its webview state named. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: WorkbenchState, log: Log, runIds: string[]): void {
    MetricsPanel.current?.dispose();
    panel.webview.options = webviewOptions(extensionUri);
    MetricsPanel.current = new MetricsPanel(panel, extensionUri, state, log, runIds);
  }

  private constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    state: WorkbenchState,
    log: Log,
    private runIds: string[],
  ) {
    super(panel, extensionUri, 'metrics', state, log, parseMetricsToHost, 'Metrics', true);
    // Every store change, not the views' throttled onDidChange: points are drawn as they land.
    this.disposables.push(
      state.onDidChangeStore(() => this.ready && this.onStoreChanged()),
      panel.onDidChangeViewState(() => this.updatePace()),
    );
    this.loadPage(this.pageMessages(), METRICS_BOOT);
  }

  /**
   * While the user watches a running run's charts, its terminal's output (rendered by the workbench
   * on the thread that hands this panel its points) waits a little longer between writes.
   */
  private updatePace(): void {
    const watching = this.panel.visible && this.runs.some((r) => r.status === 'running');
    if (watching) this.paceHold ??= this.state.terminalPace.hold();
    else {
      this.paceHold?.dispose();
      this.paceHold = undefined;
    }
  }

  /**
   * The runs and their series as they are now, for the page itself. Nothing but the runs when the
   * store cannot be read or the series exceed PAGE_POINT_BUDGET: 'ready' then sends it all.
   */
  private pageMessages(): MetricsToWebview[] {
    try {
      const store = this.state.existingStore();
      if (!store) return [];
      this.readRunsAndOrigins(store);
      const messages: MetricsToWebview[] = [this.runsMessage()];
      let points = 0;
      for (const run of this.runs) {
        const { series, queryMs } = this.runSeries(store, run.id);
        points += series.reduce((n, one) => n + one.step.length, 0);
        if (points > PAGE_POINT_BUDGET) {
          this.sent.clear();
          return messages.slice(0, 1);
        }
        if (series.length) messages.push({ type: 'series', series, sentAt: Date.now(), queryMs: Math.round(queryMs * 10) / 10 });
      }
      const whole = messages.every((m) => m.type !== 'series' || m.series.every((one) => one.step.length < this.seriesTarget()));
      this.inPage = { target: this.seriesTarget(), whole };
      return messages;
    } catch (err) {
      this.log.error('Metrics: could not read the store for the page (the panel asks again once it is ready)', err);
      this.sent.clear();
      return [];
    }
  }

  protected onStoreChanged(): void {
    this.changedAt ??= performance.now();
    // While the window is full, a read now would only wait in `pending`: one read when a message is
    // applied takes everything since (a run notifies up to a hundred changes a second).
    if (!this.inFlight.isOpen(Date.now())) {
      this.stale = true;
      this.postSeries([], 0); // arms the timer that stops waiting for 'applied'
      return;
    }
    void this.update();
  }

  private setRuns(runIds: string[]): void {
    this.runIds = [...new Set(runIds)];
    if (this.ready) void this.sendAll();
  }

  protected async onMessage(msg: MetricsToHost): Promise<void> {
    switch (msg.type) {
      case 'ready': {
        // The page's series stand if they were read for this target or more, or are whole: only
        // what came since goes. Sent again when the webview reloads: it then holds the page's
        // messages of long ago, so everything is resent.
        const inPage = this.inPage;
        this.inPage = undefined;
        this.target = msg.target;
        this.inFlight.reset();
        if (inPage && (inPage.whole || this.seriesTarget() <= inPage.target)) void this.update();
        else await this.sendAll();
        break;
      }
      case 'applied':
        this.inFlight.acknowledged(msg.count);
        if (this.stale) void this.update();
        else if (this.pending.size) this.postSeries([], 0);
        break;
      case 'addRuns': {
        const picked = await runsFromArgs(this.state, [], { min: 1, title: 'Add Runs to Metrics' });
        if (picked) this.setRuns([...this.runIds, ...picked]);
        break;
      }
      case 'export':
        await this.save(msg.format, msg.fileName, msg.content);
        break;
    }
  }

  private readRuns(store: Store): RunRecord[] {
    const byId = new Map(listRuns(store, { ids: this.runIds }).map((r) => [r.id, r]));
    // Keep the user's order: it decides each run's color.
    return this.runIds.map((id) => byId.get(id)).filter((r): r is RunRecord => r !== undefined);
  }

  private runsMessage(): MetricsToWebview {
    const runs: MetricsRun[] = this.runs.map((r) => ({ id: r.id, name: r.name, experiment: r.experiment, status: r.status, origin: this.origins.get(r.id) ?? null }));
    return { type: 'runs', runs };
  }

  /** The chosen runs and their time origins, read afresh (the terminals' pace follows them). */
  private readRunsAndOrigins(store: Store): void {
    this.runs = this.readRuns(store);
    for (const run of this.runs) this.origins.set(run.id, runTimeOrigin(store, run.id) ?? null);
    this.updatePace();
  }

  /** Every series of one run from scratch, and how long reading them took (ms). */
  private runSeries(store: Store, runId: string): { series: MetricsSeries[]; queryMs: number } {
    const started = performance.now();
    const series = seriesKeys(store, runId).map((key) => this.fullSeries(store, runId, key));
    return { series, queryMs: performance.now() - started };
  }

  /** Everything from scratch: the runs, then every series of each run, one message per run. */
  private async sendAll(): Promise<void> {
    const generation = ++this.generation;
    this.sent.clear();
    this.origins.clear();
    this.pending.clear();
    this.pendingQueryMs = 0;
    try {
      const store = this.state.existingStore();
      if (!store) {
        this.post({ type: 'error', message: 'This workspace has no store yet (.mlops/store.db): launch a run first.' });
        return;
      }
      this.readRunsAndOrigins(store);
      const missing = this.runIds.length - this.runs.length;
      this.post(this.runsMessage());
      if (missing) this.log.warn(`Metrics: ${missing} of the chosen runs no longer exist in the store.`);
      for (const run of this.runs) {
        const { series, queryMs } = this.runSeries(store, run.id);
        this.postSeries(series, queryMs);
        // Yield between runs: fifty long runs must not freeze the extension host.
        await new Promise((resolve) => setImmediate(resolve));
        if (generation !== this.generation) return;
      }
    } catch (err) {
      this.fail(err);
    }
  }

  /** Live update: only points after the last step sent, for runs that may still grow. */
  private async update(): Promise<void> {
    if (this.updating) {
      this.updateAgain = true;
      return;
    }
    this.updating = true;
    try {
      do {
        this.updateAgain = false;
        this.stale = false;
        this.state.timing.time('metrics read', () => this.updateOnce());
        await new Promise((resolve) => setImmediate(resolve));
      } while (this.updateAgain);
      // A read that found nothing new still sends what an earlier one left pending.
      if (this.pending.size) this.postSeries([], 0);
    } catch (err) {
      this.fail(err);
    } finally {
      this.updating = false;
    }
  }

  private updateOnce(): void {
    const store = this.state.existingStore();
    if (!store) return;
    const started = performance.now();
    const before = new Map(this.runs.map((r) => [r.id, r.status]));
    this.runs = this.readRuns(store);
    let runsChanged = this.runs.length !== before.size || this.runs.some((r) => before.get(r.id) !== r.status);
    const series: MetricsSeries[] = [];
    // Every run is checked, finished ones too: a restarted launcher may still ingest a lost run's
    // last events. It costs two index lookups per key.
    for (const run of this.runs) {
      if (this.origins.get(run.id) == null) {
        const origin = runTimeOrigin(store, run.id) ?? null;
        if (origin !== null) runsChanged = true;
        this.origins.set(run.id, origin);
      }
      for (const key of seriesKeys(store, run.id)) {
        const sent = this.sent.get(seriesId(run.id, key));
        const newest = lastStep(store, run.id, key);
        if (newest === undefined || (sent && newest <= sent.lastStep)) continue;
        if (!sent) series.push(this.fullSeries(store, run.id, key));
        else {
          const points = metricSeries(store, run.id, key, { target: this.seriesTarget(), afterStep: sent.lastStep, xAxis: 'step', origin: this.origins.get(run.id) ?? undefined });
          if (sent.count + points.length > REGROW_FACTOR * this.seriesTarget()) series.push(this.fullSeries(store, run.id, key));
          else series.push(this.record(run.id, key, 'append', points, sent.count));
        }
      }
    }
    if (runsChanged) {
      this.post(this.runsMessage());
      this.updatePace();
    }
    if (series.length) this.postSeries(series, performance.now() - started);
  }

  /**
   * At most MAX_IN_FLIGHT series messages on their way: while that many wait for the webview's
   * 'applied' (it is drawing, or they queue on their way), later updates wait in `pending`, merged,
   * and go as one when it acknowledges, or once the oldest has waited APPLIED_TIMEOUT_MS.
   * Each message carries when it was posted and how long reading it took, for the latency figures.
   */
  private postSeries(series: MetricsSeries[], queryMs: number): void {
    this.pending.add(series);
    this.pendingQueryMs += queryMs;
    const wait = this.inFlight.openIn(Date.now());
    if (wait > 0) {
      this.flushTimer ??= setTimeout(() => {
        this.flushTimer = undefined;
        if (this.stale) void this.update();
        else this.postSeries([], 0);
      }, wait);
      return;
    }
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    series = this.pending.take();
    queryMs = this.pendingQueryMs;
    this.pendingQueryMs = 0;
    if (!series.length) return;
    if (this.changedAt !== undefined) this.state.timing.add('metrics change->post', performance.now() - this.changedAt);
    this.changedAt = undefined;
    const sentAt = Date.now();
    this.inFlight.posted(sentAt);
    this.post({ type: 'series', series, sentAt, queryMs: Math.round(queryMs * 10) / 10 });
  }

  /** Points per series: about two per pixel, less when many runs share a chart. */
  private seriesTarget(): number {
    return Math.max(MIN_SERIES_POINTS, Math.min(this.target, Math.floor(CHART_POINT_BUDGET / Math.max(1, this.runs.length))));
  }

  private fullSeries(store: Store, runId: string, key: string): MetricsSeries {
    const points = metricSeries(store, runId, key, { target: this.seriesTarget(), xAxis: 'step', origin: this.origins.get(runId) ?? undefined });
    return this.record(runId, key, 'replace', points, 0);
  }

  /** Notes what the webview will hold and builds the message's columns. */
  private record(runId: string, key: string, mode: MetricsSeries['mode'], points: MetricSeriesPoint[], had: number): MetricsSeries {
    const id = seriesId(runId, key);
    if (points.length) this.sent.set(id, { lastStep: points[points.length - 1].step, count: had + points.length });
    return {
      runId,
      key,
      mode,
      step: points.map((p) => p.step),
      value: points.map((p) => toWire(p.value)),
      timestamp: points.map((p) => p.timestamp),
      relative: points.map((p) => p.relative),
      lo: points.map((p) => toWire(p.lo)),
      hi: points.map((p) => toWire(p.hi)),
    };
  }

  private async save(format: MetricsExportFormat, fileName: string, content: string): Promise<void> {
    const folder = this.state.root ? vscode.Uri.file(this.state.root) : undefined;
    const target = await vscode.window.showSaveDialog({
      title: `Save ${format.toUpperCase()}`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: exportFilters[format],
    });
    if (!target) return;
    const bytes = format === 'png' ? Buffer.from(content.slice(content.indexOf(',') + 1), 'base64') : Buffer.from(content, 'utf8');
    try {
      await vscode.workspace.fs.writeFile(target, bytes);
      this.log.info(`Metrics: saved ${target.fsPath} (${bytes.length} bytes)`);
      void vscode.window.showInformationMessage(`MLOps: saved ${vscode.workspace.asRelativePath(target)}`);
    } catch (err) {
      this.log.error(`Metrics: could not save ${target.fsPath}`, err);
      void vscode.window.showErrorMessage(`MLOps: could not save ${target.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private fail(err: unknown): void {
    this.post({ type: 'error', message: this.storeError(err) });
  }

  override dispose(): void {
    MetricsPanel.current = undefined;
    this.paceHold?.dispose();
    this.paceHold = undefined;
    this.generation++;
    clearTimeout(this.flushTimer);
    super.dispose();
  }
}

const seriesId = (runId: string, key: string) => `${runId}\u0000${key}`;
