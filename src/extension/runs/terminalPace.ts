import type * as vscode from 'vscode';

/** Run terminals write at most ten times a second: a tenth of a second is immediate to a reader. */
const FLUSH_MS = 100;
/**
 * While a Metrics panel shows a running run, twice a second. Each terminal write is rendered by the
 * workbench on the thread that also hands the panel its points: on the runs e2e (2 cores, a run
 * printing a line per epoch) ten writes a second held each point 0.2-0.6 s there, one a second 0.05 s.
 */
const CALM_FLUSH_MS = 500;

/** How often run terminals write to the workbench, slowed while something needs its thread more. */
export class TerminalPace {
  private readonly holds = new Set<object>();

  get flushMs(): number {
    return this.holds.size ? CALM_FLUSH_MS : FLUSH_MS;
  }

  /** Slows every run terminal until the returned handle is disposed. */
  hold(): vscode.Disposable {
    const token = {};
    this.holds.add(token);
    return { dispose: () => void this.holds.delete(token) };
  }
}
