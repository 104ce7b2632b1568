// What a view part last sent to the workbench, as a key. Each code lens event, status bar change or
// Problems update is a message the workbench's renderer handles on the thread that also relays the
// Metrics panel's points: while a run streams (store changes twice a second), a part that sends only
// when what it shows changed keeps that thread free for the charts.

export class LastShown {
  private last: string | undefined;

  /** Records `key` as shown; true when it differs from the one recorded before (always the first time). */
  differs(key: string): boolean {
    if (key === this.last) return false;
    this.last = key;
    return true;
  }

  /** Whether anything was recorded since the start or the last forget(). */
  get shown(): boolean {
    return this.last !== undefined;
  }

  /** The next key differs whatever it is (what was shown is gone, or must be sent again). */
  forget(): void {
    this.last = undefined;
  }
}
