import * as vscode from 'vscode';

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The "MLOps Workbench" Output channel: where problems and background work are reported. */
export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('MLOps Workbench', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }
  warn(message: string): void {
    this.channel.warn(message);
  }
  error(message: string, err?: unknown): void {
    this.channel.error(err === undefined ? message : `${message}: ${errorText(err)}`);
  }
  /** An unexpected failure: with its stack, which the user can hand over in an issue. */
  failure(message: string, err: unknown): void {
    this.channel.error(`${message}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  dispose(): void {
    this.channel.dispose();
  }
}
