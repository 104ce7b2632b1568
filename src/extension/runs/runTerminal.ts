import * as vscode from 'vscode';
import type { TerminalPace } from './terminalPace';

/**
 * Writes are batched at the pace's interval (see terminalPace.ts): each is a message the workbench's
 * renderer handles on the thread that also relays the Metrics panel's points.
 * At most this much output per 100 ms of the interval reaches the terminal.
 */
const MAX_PER_100_MS = 64 * 1024;
const MAX_BACKLOG = 1024 * 1024;

/**
 * A terminal showing one run's output live, colors included. Output is batched and capped per
 * frame, so a run printing 100k lines a second cannot stall the extension host: when the backlog
 * outgrows what a terminal can show, the oldest part is dropped here (output.log keeps all of it).
 * Ctrl+C stops the run; closing the terminal of a running run stops it too.
 */
export class RunTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidClose = this.closeEmitter.event;
  private backlog: string[] = [];
  private backlogBytes = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private opened = false;
  private finished = false;
  readonly terminal: vscode.Terminal;

  constructor(
    title: string,
    private readonly onStop: () => void,
    private readonly pace: TerminalPace,
  ) {
    this.terminal = vscode.window.createTerminal({ name: title, pty: this, iconPath: new vscode.ThemeIcon('beaker') });
  }

  open(): void {
    this.opened = true;
    this.schedule();
  }

  close(): void {
    if (!this.finished) this.onStop();
    this.dispose();
  }

  handleInput(data: string): void {
    if (data === '\x03' && !this.finished) {
      this.write('^C\r\n');
      this.onStop();
    }
  }

  /** Raw output of the run; bare newlines become CRLF as a terminal expects. */
  write(text: string): void {
    const t = text.replace(/\r?\n/g, '\r\n');
    this.backlog.push(t);
    this.backlogBytes += t.length;
    while (this.backlogBytes > MAX_BACKLOG && this.backlog.length > 1) {
      const old = this.backlog.shift()!;
      this.backlogBytes -= old.length;
      this.dropped += old.length;
    }
    this.schedule();
  }

  /** The run ended: says how, and leaves the terminal open for reading. */
  finish(summary: string): void {
    this.write(`\r\n\x1b[2m${summary}\x1b[0m\r\n`);
    this.finished = true;
  }

  private schedule(): void {
    if (!this.opened || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.pace.flushMs);
  }

  private flush(): void {
    if (this.dropped) {
      this.writeEmitter.fire(`\r\n\x1b[33m[... ${this.dropped} characters not shown here to keep up; output.log has everything ...]\x1b[0m\r\n`);
      this.dropped = 0;
    }
    let budget = (MAX_PER_100_MS * this.pace.flushMs) / 100;
    let out = '';
    while (this.backlog.length && budget > 0) {
      const next = this.backlog[0];
      if (next.length <= budget) {
        out += next;
        budget -= next.length;
        this.backlog.shift();
      } else {
        out += next.slice(0, budget);
        this.backlog[0] = next.slice(budget);
        budget = 0;
      }
    }
    this.backlogBytes -= out.length;
    if (out) this.writeEmitter.fire(out);
    if (this.backlog.length) this.schedule();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
