import * as vscode from 'vscode';

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
    this.channel.error(err === undefined ? message : `${message}: ${err instanceof Error ? err.message : String(err)}`);
  }
  dispose(): void {
    this.channel.dispose();
  }
}
