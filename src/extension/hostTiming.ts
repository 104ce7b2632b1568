import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { Log } from './log';

/** How often the figures gathered are written to the Output channel, as one line. */
const REPORT_MS = 2000;

interface Figure {
  count: number;
  totalMs: number;
  maxMs: number;
}

/**
 * Where the extension host's time goes while a run streams (issue #11: live metrics late): how many
 * store changes were notified, what each listener spent on them, and how late the event loop ran.
 * Off unless the Output channel's level is Debug (Developer: Set Log Level...) or MLOPS_DEBUG_TIMING
 * is set in the environment (tests); then one line every two seconds of activity.
 */
export class HostTiming implements vscode.Disposable {
  private readonly figures = new Map<string, Figure>();
  private readonly counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private loop: IntervalHistogram | undefined;
  private readonly fromEnv = Boolean(process.env.MLOPS_DEBUG_TIMING);

  constructor(private readonly log: Log) {}

  get enabled(): boolean {
    return this.fromEnv || this.log.channel.logLevel <= vscode.LogLevel.Debug;
  }

  /** Runs `fn`, adding its duration to `label`'s figure when timing is on. */
  time<T>(label: string, fn: () => T): T {
    if (!this.enabled) return fn();
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.add(label, performance.now() - started);
    }
  }

  /** A duration measured elsewhere (e.g. from a store change to the message posted). */
  add(label: string, ms: number): void {
    if (!this.enabled) return;
    const f = this.figures.get(label) ?? { count: 0, totalMs: 0, maxMs: 0 };
    f.count++;
    f.totalMs += ms;
    f.maxMs = Math.max(f.maxMs, ms);
    this.figures.set(label, f);
    this.schedule();
  }

  /** Counts an occurrence (a notification, a redraw) when timing is on. */
  count(label: string): void {
    if (!this.enabled) return;
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
    this.schedule();
  }

  private schedule(): void {
    if (!this.loop) {
      this.loop = monitorEventLoopDelay({ resolution: 10 });
      this.loop.enable();
    }
    this.timer ??= setTimeout(() => this.report(), REPORT_MS);
  }

  private report(): void {
    this.timer = undefined;
    const ms = (x: number) => (x < 10 ? x.toFixed(1) : Math.round(x).toString());
    const counts = [...this.counts].map(([k, n]) => `${k} ${n}`).join(', ');
    const figures = [...this.figures]
      .sort((a, b) => b[1].totalMs - a[1].totalMs)
      .map(([k, f]) => `${k} ${ms(f.totalMs)} ms/${f.count} (max ${ms(f.maxMs)})`)
      .join(', ');
    const lag = this.loop ? `event loop delay p50 ${ms(this.loop.percentile(50) / 1e6)} ms, max ${ms(this.loop.max / 1e6)} ms` : '';
    this.log.channel.info(`timing over ${REPORT_MS / 1000} s: ${[counts, figures, lag].filter(Boolean).join('; ')}`);
    this.counts.clear();
    this.figures.clear();
    this.loop?.reset();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.loop?.disable();
  }
}

/**
 * A listener's name for the timing figures: the frame that subscribed it (the class and method in a
 * development build; minified names in the package, still telling listeners apart).
 */
export function subscriberLabel(stack: string | undefined): string {
  const frame = stack?.split('\n')[2]?.trim() ?? '';
  const named = /^at (?:new )?([^\s(]+)/.exec(frame)?.[1];
  return named ?? /([^/\\:()]+:\d+):\d+\)?$/.exec(frame)?.[1] ?? 'listener';
}
