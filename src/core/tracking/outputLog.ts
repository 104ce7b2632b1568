import * as fs from 'node:fs';
import { isDiskFull } from '../store/diskFull';

/**
 * A run's output.log. A write stream emits its errors (ENOSPC on a full disk) as events, which would
 * end the launcher's process unhandled; here the first error is reported once through onFailure
 * with the reason a run records, later writes are dropped, and end() still resolves.
 */
export class OutputLog {
  private readonly stream: fs.WriteStream;
  private failure: string | undefined;

  constructor(
    readonly file: string,
    onFailure: (reason: string) => void,
  ) {
    this.stream = fs.createWriteStream(file, { flags: 'a' });
    this.stream.on('error', (err) => {
      if (this.failure) return;
      this.failure = isDiskFull(err) ? 'disk full while writing output.log' : `could not write output.log (${err.message})`;
      onFailure(this.failure);
    });
  }

  /** Why output.log stopped taking writes, if it did. */
  get failed(): string | undefined {
    return this.failure;
  }

  write(data: string | Buffer): void {
    if (!this.failure && !this.stream.destroyed) this.stream.write(data);
  }

  /** Resolves once everything written so far is in the file (writes are flushed in order). */
  flushed(): Promise<void> {
    if (this.failure || this.stream.destroyed || this.stream.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => this.stream.write('', () => resolve()));
  }

  end(): Promise<void> {
    if (this.failure || this.stream.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}
